# args: --kernel all
# host: needs zero-page
# tools/testing/selftests/mm/cow.c, "Basic COW" on the non-anonymous backings that are zero pages:
# two private anonymous mappings only read, so both map the shared zero page (or the huge zero
# folio, 2M and MADV_HUGEPAGE); a write to one gives it a new page (do_wp_page on the zero page:
# wp_page_copy of a zeroed page; for the huge zero PMD, a split or, from 6.13, a new THP), and the
# other mapping still reads zero. Every era. The R/O pin cases are zero-page-ro-pin.mm.

proc A
mmap mem 4K
mmap smem 4K ro
read mem
read smem
expect pfn(A, mem) == pfn(A, smem)
write mem = 0xff
let basic_cow_zero_page = value(A, smem) == 0 and value(A, mem) == 0xff
expect basic_cow_zero_page
reset

proc A
mmap mem 2M thp
mmap smem 2M thp ro
read mem
read smem
expect pmd_mapped(A, mem) and pmd_mapped(A, smem)
write mem = 0xff
let basic_cow_huge_zero_page = value(A, smem) == 0 and value(A, smem + 2M - 8) == 0 and value(A, mem) == 0xff
expect basic_cow_huge_zero_page
