# pmd-mapped-exclusive.mm on the kernels that asked page by page: 2c1f057e5be6
# ("fs/proc/task_mmu: properly detect PM_MMAP_EXCLUSIVE per page of PMD-mapped THPs", 6.11) set
# PM_MMAP_EXCLUSIVE from folio_precise_page_mapcount(folio, page + idx) for each page a PMD
# maps, until 6.15 passed the first page again. 6.10 before it answers with the first page.
kernel 6.11
proc A
mmap buf 2M thp
write buf 2M = 1
fork B
munmap B buf+1M 1M
expect pmd_mapped(A, buf) and mapcount(A, buf + 1M) == 1 and mapcount(A, buf) == 2
expect mapped_exclusive(A, buf + 1M)
expect not mapped_exclusive(A, buf)
reset
kernel 6.14
proc A
mmap buf 2M thp
write buf 2M = 1
fork B
munmap B buf+1M 1M
expect mapped_exclusive(A, buf + 1M)
reset
kernel 6.10
proc A
mmap buf 2M thp
write buf 2M = 1
fork B
munmap B buf+1M 1M
expect not mapped_exclusive(A, buf + 1M)
