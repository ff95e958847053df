# cow.c: ... with mprotect() optimization.
fork B
mprotect A buf size ro
mprotect A buf size rw
write A buf size = 2
let c02_basic_cow_mprotect = value(B, buf) == 1 and value(B, buf + size - 4K) == 1
