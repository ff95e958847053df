# host: needs swap
# host: skip 'reclaim' (global reclaim of anonymous memory) has no user-space equivalent, and every row follows it
# Reclaim of a pinned page on 5.10 and on 5.11, the release with feb889fb40fa ("mm: don't put
# pinned pages into the swap cache"). On 5.10 the page is unmapped into the swap cache and the
# pin keeps it there; the process swaps it back in from the swap cache and still sees the
# device's writes, but the page went through reclaim for nothing.
kernel 5.10
proc A
mmap buf 4K
write buf = 1
pin buf rw longterm
reclaim
expect swapped(A, buf)
show swap
write #1 = 5
expect value(A, buf) == 5
reset
kernel 5.11
proc A
mmap buf 4K
write buf = 1
pin buf rw longterm
reclaim
expect not swapped(A, buf)
