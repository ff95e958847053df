# args: --kernel all
# host: needs swap
# host: skip 'reclaim' (global reclaim of anonymous memory) has no user-space equivalent, and every row follows it
# As the seed scenario, but a second process still holds the swap entry: fork before the
# swap-out. Now the page really is shared (through the swap entry of B), and every era must
# copy on A's write: reuse would let B read A's new data when it swaps the page in.
# (MADV_PAGEOUT skips a page mapped twice; reclaim unmaps it from both through the rmap.)
proc A
mmap buf 4K
write buf = 1
fork B
reclaim
expect swapped(A, buf) and swapped(B, buf)
read A buf
let p0 = pfn(A, buf)
write A buf = 2
let copied = pfn(A, buf) != p0
expect copied
expect value(B, buf) == 1
expect value(A, buf) == 2
