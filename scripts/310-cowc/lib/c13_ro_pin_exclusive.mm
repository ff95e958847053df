# cow.c: R/O GUP pin on R/O-mapped exclusive page (13/14).
mprotect A buf size ro
mprotect A buf size rw
pin A buf size ro longterm
write A buf size = 2
let c13_ro_pin_exclusive = handle(#1) == 2 and handle(#1, size - 4K) == 2
