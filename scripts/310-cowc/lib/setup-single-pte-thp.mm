# cow.c backing: a single PTE of a THP (MADV_DONTNEED on all but the first page).
proc A
mmap buf 2M thp
write buf 2M = 1
madvise buf+4K 2M-4K dontneed
let size = 4K
expect thp(A, buf)
