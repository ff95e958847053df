# cow.c: vmsplice() + unmap in child (CVE-2020-29374): the pipe keeps the old data.
fork B
vmsplice B buf size
munmap B buf size
write A buf size = 2
let c03_vmsplice_unmap_child = handle(#1) == 1 and handle(#1, size - 4K) == 1
