# cow.c backing: a swapped-out, PTE-mapped 64K multi-size THP (6.10+ swaps it out whole, earlier
# kernels split it first).
proc A
set thp never
set thp.64K always
mmap buf 128K thp
write buf 64K = 1
let size = 64K
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
let mthp = thp(A, buf)
swapout buf size
expect swapped(A, buf) and swapped(A, buf + size - 4K)
