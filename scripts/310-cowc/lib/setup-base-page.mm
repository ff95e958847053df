# cow.c backing: a base page.
proc A
mmap buf 4K nothp
write buf 4K = 1
let size = 4K
