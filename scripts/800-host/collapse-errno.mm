# host: needs collapse, io_uring
# MADV_COLLAPSE answers the errno madvise_collapse_errno gives the scan's last failure: a range
# with no page table is SCAN_PMD_NULL (EINVAL, nothing to collapse there), a page with a pin is
# SCAN_PAGE_COUNT (EAGAIN, worth another try once it is released).
proc A
mmap buf 2M at 0x0
collapse A buf
expect not pmd_mapped(A, buf)
write buf 2M = 1
pin buf + 4K 4K rw longterm
collapse A buf
expect not pmd_mapped(A, buf)
unpin #1
collapse A buf
expect pmd_mapped(A, buf) and value(A, buf + 8K) == 1
# A VMA that holds no aligned 2M is refused before any scan (thp_vma_allowable_order): EINVAL,
# not the ENOMEM a hole in the range would give.
mmap small 1M at 0x5ff000
collapse A small
