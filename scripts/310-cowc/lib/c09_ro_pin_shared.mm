# cow.c: R/O GUP pin on R/O-mapped shared page (9/10): the pin sees the write.
fork B
pin A buf size ro longterm
write A buf size = 2
let c09_ro_pin_shared = handle(#1) == 2 and handle(#1, size - 4K) == 2
