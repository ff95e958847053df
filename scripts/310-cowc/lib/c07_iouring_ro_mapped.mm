# cow.c: R/O-mapping a page registered as iouring fixed buffer: the pin sees the write.
pin A buf size rw longterm
mprotect A buf size ro
mprotect A buf size rw
write A buf size = 2
let c07_iouring_ro_mapped = handle(#1) == 2 and handle(#1, size - 4K) == 2
