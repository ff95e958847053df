# The "R/O longterm GUP pin" case of memfd.mm on 6.1 and 6.2, the two sides of 84209e87c696
# ("mm/gup: reliable R/O long-term pinning in COW mappings"): 6.1 pins the page-cache page and
# the write copies away from it; 6.2 unshares first (an unshare fault copies the page-cache page
# into an exclusive anonymous page, mapped read-only) and the write reuses what the pin holds.
# host: skip a read-only long-term pin has no user-space interface (io_uring pins are read-write), and every row follows one
kernel 6.1
proc A
memfd f 4K
pwrite f 0 = 1
mmap mem 4K memfd f
read mem
trace on
pin mem ro longterm
write mem = 2
trace off
expect handle(#1) == 1
reset
kernel 6.2
proc A
memfd f 4K
pwrite f 0 = 1
mmap mem 4K memfd f
read mem
trace on
pin mem ro longterm
write mem = 2
trace off
expect handle(#1) == 2
