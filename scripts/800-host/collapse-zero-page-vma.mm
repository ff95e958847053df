# host: needs zero-page, collapse
# A VMA that only read faults touched has no anon_vma (the zero page needs none), and
# madvise_collapse's thp_vma_allowable_order refuses it before any scan (collapse_huge_page's
# hugepage_vma_revalidate would too, SCAN_PAGE_ANON): EINVAL from MADV_COLLAPSE.
# One write gives the VMA its anon_vma, and the collapse succeeds.
proc A
mmap buf 2M at 0x0
read A buf 2M
collapse A buf
expect not pmd_mapped(A, buf) and present(A, buf + 4K)
write buf = 1
collapse A buf
expect pmd_mapped(A, buf) and value(A, buf + 4K) == 0
