# MADV_FREE of part of a PMD-mapped THP splits it only when it is exclusive: madvise_free_huge_pmd
# leaves a folio that may be mapped shared (folio_maybe_mapped_shared) alone, and the PTE walk
# then skips the huge PMD. After fork both processes map the THP, so nothing is split. A write
# in the parent splits only the parent's PMD, which still maps 511 of the pages: the child's
# THP stays shared. Once the parent has exited it is exclusive, and the same advice splits it.
proc A
mmap buf 2M thp at 0x0
write buf 2M = 1
fork B from A
madvise B buf 4K free
print stat(thp_split_pmd)
print pmd_mapped(A, buf) and pmd_mapped(B, buf)
write A buf + 8K = 2
madvise B buf 4K free
print stat(thp_split_pmd)
print pmd_mapped(B, buf)
exit A
madvise B buf 4K free
print stat(thp_split_pmd)
print pmd_mapped(B, buf) or thp(B, buf)
expect value(B, buf + 4K) == 1 and value(B, buf + 8K) == 1
