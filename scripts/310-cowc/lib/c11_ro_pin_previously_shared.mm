# cow.c: R/O GUP pin on R/O-mapped previously-shared page (11/12).
fork B
exit B
pin A buf size ro longterm
write A buf size = 2
let c11_ro_pin_previously_shared = handle(#1) == 2 and handle(#1, size - 4K) == 2
