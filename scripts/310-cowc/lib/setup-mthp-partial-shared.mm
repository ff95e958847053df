# cow.c backing: a partially shared 64K multi-size THP (only the first page was shared with a
# short-lived child).
proc A
set thp never
set thp.64K always
mmap buf 128K thp
write buf 64K = 1
let size = 64K
madvise buf+4K 64K-4K dontfork
fork T
exit T
madvise buf+4K 64K-4K dofork
let mthp = thp(A, buf)
