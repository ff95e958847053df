# A range read stores nothing, so it takes no value from the write counter: the next write without
# a value stores 1 on both sides. The host side counted one value per page read before.
proc A
mmap buf 8K at 0x0
read A 0x0 4K
write A 0x1000
expect value(A, 0x1000) == 1
