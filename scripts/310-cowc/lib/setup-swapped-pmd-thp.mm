# cow.c backing: a swapped-out PMD THP.
proc A
mmap buf 2M thp
write buf 2M = 1
let size = 2M
swapout buf size
expect swapped(A, buf) and swapped(A, buf + size - 4K)
