# KSM in a private memfd mapping: the VMA may be made mergeable (vma_ksm_compatible refuses only
# shared and special mappings), and ksmd merges its anonymous pages, the copies that writes made
# of the page cache; the page-cache pages themselves are never merged. A write to the KSM page
# copies it (do_wp_page's KSM branch); the file never changes.
kernel 6.18
proc A
memfd f 16K
mmap mem 16K memfd f
read mem 16K
write mem+4K = 7
write mem+8K = 7
madvise mem 16K mergeable
ksm
expect pfn(A, mem+4K) == pfn(A, mem+8K)
expect ksm(A, mem+4K)
expect not ksm(A, mem)
expect value(A, mem+8K) == 7
write mem+8K = 9
expect value(A, mem+4K) == 7
pread f 4096
