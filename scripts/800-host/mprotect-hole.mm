# mprotect over a range with a hole: do_mprotect_pkey changes the VMAs one by one up to the hole,
# then answers ENOMEM; the part before the hole keeps its new protection. A range whose start is
# not mapped changes nothing.
proc A
mmap a 8K at 0x0
mmap b 4K at 0x3000
write a 8K = 1
write b = 2
# 0x1000-0x2000 becomes read-only; b, after the hole, stays writable.
mprotect A 0x1000 12K ro
write A 0x1000 = 3
write A 0x3000 = 4
expect value(A, 0x1000) == 1 and value(A, 0x3000) == 4
mprotect A 0x2000 8K ro
write A 0x3000 = 5
expect value(A, 0x3000) == 5
