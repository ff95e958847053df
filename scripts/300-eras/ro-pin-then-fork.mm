# args: --kernel all
# host: skip a read-only long-term pin has no user-space interface (io_uring pins are read-write), and every row follows one
# the cow eras (docs/eras.md): a R/O long-term pin in the parent, then fork, then writes.
# <=5.8: fork shares the pinned page; the parent's write copies (mapcount 2), so the pin keeps
# the old page and no longer sees the parent's memory. 5.9+: the page may be pinned, so fork
# gives the child a copy at once and the parent keeps the pinned page writable: coherent.
proc A
mmap buf 4K
write buf = 1
pin buf ro longterm
fork B
write A buf = 2
print handle(#1)
let pin_sees_parent = handle(#1) == value(A, buf)
expect pin_sees_parent fails on <=5.7 5.8
expect value(B, buf) == 1
