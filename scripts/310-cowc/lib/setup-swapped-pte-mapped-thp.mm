# cow.c backing: a swapped-out PTE-mapped THP.
proc A
mmap buf 2M thp
write buf 2M = 1
let size = 2M
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
swapout buf size
expect swapped(A, buf) and swapped(A, buf + size - 4K)
