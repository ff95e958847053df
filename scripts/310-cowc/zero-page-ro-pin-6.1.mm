# The zero-page case of zero-page-ro-pin.mm on 6.1 and 6.2, the two sides of 84209e87c696
# ("mm/gup: reliable R/O long-term pinning in COW mappings").
# host: skip a read-only long-term pin has no user-space interface (io_uring pins are read-write), and every row follows one
kernel 6.1
proc A
mmap buf 4K
read buf
pin buf ro longterm
write buf = 2
expect handle(#1) == 0
reset
kernel 6.2
proc A
mmap buf 4K
read buf
pin buf ro longterm
write buf = 2
expect handle(#1) == 2
# host: needs zero-page
