# cow.c: ... with mprotect() optimization.
fork B
vmsplice B buf size
munmap B buf size
mprotect A buf size ro
mprotect A buf size rw
write A buf size = 2
let c04_vmsplice_unmap_child_mprotect = handle(#1) == 1 and handle(#1, size - 4K) == 1
