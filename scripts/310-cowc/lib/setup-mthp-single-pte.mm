# cow.c backing: a single PTE of a 64K multi-size THP (MADV_DONTNEED on all but the first page).
proc A
set thp never
set thp.64K always
mmap buf 128K thp
write buf 64K = 1
madvise buf+4K 64K-4K dontneed
let size = 4K
let mthp = thp(A, buf)
