# cow.c backing: a partially mremap()'ed 64K multi-size THP (the second half moved away).
proc A
set thp never
set thp.64K always
mmap buf 128K thp
write buf 64K = 1
mmap tmp 32K none
mremap buf+32K 32K 32K to tmp
let size = 32K
let mthp = thp(A, buf)
