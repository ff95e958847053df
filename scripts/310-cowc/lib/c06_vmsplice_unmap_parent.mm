# cow.c: vmsplice() + unmap in parent after fork(): the pipe keeps the old data.
# cow.c copies the old contents first (memcpy), which faults a swapped-out range back in.
read A buf size
fork B
vmsplice A buf size
munmap A buf size
write B buf size = 2
let c06_vmsplice_unmap_parent = handle(#1) == 1 and handle(#1, size - 4K) == 1
