# args: --kernel all
# host: needs swap
# From 6.12 a split of an anonymous THP maps its zero-filled pages to the shared zero page instead
# of restoring their PTEs (remap_page with RMP_USE_SHARED_ZEROPAGE, b1f202060afe), and frees them.
# Here MADV_PAGEOUT of 64K of a PTE-mapped THP splits it: the zero-filled pages of the range are
# then zero-page mappings, which pageout skips, and every other zero-filled page of the old THP
# leaves the rss too. Before 6.12 the 16 pages go to swap and the rest stay mapped.
proc A
mmap buf 2M thp at 0x0
write buf = 1
write buf + 1M + 64K = 7
mprotect A buf + 1M 1M ro
swapout A buf + 1M 64K
print present(A, buf + 1M) and not swapped(A, buf + 1M)
print rss(A)
expect value(A, buf) == 1 and value(A, buf + 1M + 64K) == 7 and not thp(A, buf)
