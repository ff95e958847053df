# The design card's example: a THP-eligible mapping, a fork before anything is touched, then the
# parent's first write. Nothing was mapped at fork time, so the THP belongs to A alone:
# refcount 1 (its PMD mapping), mapcount 1, PG_anon_exclusive on the head page.
proc A; mmap 2M thp; fork B; write A 0x1000; show refs
expect pmd_mapped(A, 0x1000)
expect refcount(A, 0x1000) == 1
expect mapcount(A, 0x1000) == 1
expect anon_exclusive(A, 0x1000)
expect not present(B, 0x1000)
