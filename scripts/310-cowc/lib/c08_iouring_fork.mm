# cow.c: fork() with an iouring fixed buffer: the pin sees the write.
pin A buf size rw longterm
fork B
write A buf size = 2
let c08_iouring_fork = handle(#1) == 2 and handle(#1, size - 4K) == 2
