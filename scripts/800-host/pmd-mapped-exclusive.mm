# pagemap bit 56 (PM_MMAP_EXCLUSIVE) of the pages of a PMD-mapped THP, 6.15+.
# "fs/proc/task_mmu: remove per-page mapcount dependency for PM_MMAP_EXCLUSIVE
# (CONFIG_NO_PAGE_MAPCOUNT)" (v6.15) made pagemap_pmd_range() ask
# __folio_page_mapped_exclusively(folio, page) for every page the PMD maps, with
# page = pmd_page(pmd), the folio's first page; before, it asked
# folio_precise_page_mapcount(folio, page + idx) == 1. With CONFIG_PAGE_MAPCOUNT (this host:
# Linux 6.18.44) the answer is the first page's precise mapcount == 1 for all 512 pages; with
# CONFIG_NO_PAGE_MAPCOUNT it is !folio_maybe_mapped_shared(folio). Either way a page's own
# mapcount no longer decides. Before 6.11 the first page decided as well (page_mapcount of
# pmd_page, computed once for the PMD); only 6.11-6.14 (2c1f057e5be6) asked page by page:
# pmd-mapped-exclusive-6.11.mm.
kernel 6.18
proc A
mmap buf 2M thp
write buf 2M = 1
fork B
munmap B buf+1M 1M
# A's PMD maps the second half alone: its pages are mapped once, the first page twice.
expect pmd_mapped(A, buf) and mapcount(A, buf + 1M) == 1 and mapcount(A, buf) == 2
expect not mapped_exclusive(A, buf + 1M)
# B's write copies the first page: now the first page is mapped once, the third twice.
write B buf = 2
expect mapcount(A, buf) == 1 and mapcount(A, buf + 8K) == 2
expect mapped_exclusive(A, buf + 8K)
