# args: --kernel all
# host: needs swap
# host: skip 'reclaim' (global reclaim of anonymous memory) has no user-space equivalent, and every row follows it
# Reclaim of everything in every era: small pages, a THP, pages shared by fork, a page in the
# LRU-add batch, a pinned page. Afterwards every page is resident or swapped, the invariant
# checker passes, and every process reads back what it wrote.
proc A
mmap small 64K
mmap huge 2M thp
write small 64K
write huge 2M
fork B
write B small = 99
pin A small+4K ro
reclaim
expect rss(A) + swap(A) == 64K + 2M
expect rss(B) + swap(B) == 64K + 2M
check
expect value(A, small) == 1 and value(B, small) == 99
expect value(A, huge + 100*4K) == 117 and value(B, huge + 100*4K) == 117
expect value(A, small + 4K) == 2
