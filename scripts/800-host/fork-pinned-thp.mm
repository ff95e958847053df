# A PMD-mapped THP pinned long-term (an io_uring fixed buffer on the host), then fork.
# copy_huge_pmd finds the folio maybe pinned (folio_needs_cow_for_dma), splits the parent's PMD
# (thp_split_pmd) and lets copy_pte_range give the child a copy of every page at once, so the
# pin keeps seeing the parent's writes and the child never shares a pinned page. On the host the
# split happens inside fork, so the counter window covers forks too (THP counters only).
proc A
mmap buf 2M thp
write buf 2M = 1
pin buf 2M rw longterm
fork B
expect not pmd_mapped(A, buf) and not pmd_mapped(B, buf)
expect mapcount(A, buf + 4K) == 1 and mapcount(B, buf + 4K) == 1
expect stat(thp_split_pmd) == 1
write A buf + 4K = 2
expect value(B, buf + 4K) == 1 and handle(#1, 4K) == 2
