# cow.c backing: a partially mremap()'ed THP (the second half moved away).
proc A
mmap buf 2M thp
write buf 2M = 1
mmap tmp 1M none
mremap buf+1M 1M 1M to tmp
let size = 1M
expect thp(A, buf)
