# cow.c: vmsplice() before fork(), unmap in parent after fork(): the pipe keeps the old data.
# cow.c copies the old contents first (memcpy), which faults a swapped-out range back in.
read A buf size
vmsplice A buf size
fork B
munmap A buf size
write B buf size = 2
let c05_vmsplice_before_fork = handle(#1) == 1 and handle(#1, size - 4K) == 1
