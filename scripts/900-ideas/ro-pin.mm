# A R/O long-term pin must see the pinning process's later writes (cow.c: "R/O GUP pin on
# R/O-mapped shared page" and the io_uring fixed-buffer cases). Until 5.19 a R/O pin of a page
# shared with a child (or only mapped R/O after the child left) does not unshare it, so the
# write fault copies and the pin keeps the old page; 5.19 (a7f226604170, FAULT_FLAG_UNSHARE)
# unshares at pin time. Run: mmdsl explore scripts/900-ideas/ro-pin.mm
# host: skip a world for mmdsl explore: its setup has nothing to compare, the search runs in the simulator
# explore: processes A B
# explore: ops fork exit write pin-ro unpin swapout
# explore: depth 4
# explore: kernel all
set memory 64M
proc A
mmap buf 4K
write A buf = 1
