# cow.c backing: a partially shared THP (only the first page was shared with a short-lived child).
proc A
mmap buf 2M thp
write buf 2M = 1
let size = 2M
madvise buf+4K 2M-4K dontfork
fork T
exit T
madvise buf+4K 2M-4K dofork
