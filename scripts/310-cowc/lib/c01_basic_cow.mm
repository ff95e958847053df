# cow.c: Basic COW after fork(): the child keeps the old data after the parent writes.
fork B
write A buf size = 2
let c01_basic_cow = value(B, buf) == 1 and value(B, buf + size - 4K) == 1
