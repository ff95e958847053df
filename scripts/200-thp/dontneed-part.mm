# MADV_DONTNEED on the first half of a PMD-mapped THP: the PMD is split, the first half's PTEs
# are zapped (reading them again gives zero pages), the folio is partially mapped.
proc A
mmap buf 2M thp
write buf 2M
madvise buf 1M dontneed
expect not pmd_mapped(A, buf)
expect not present(A, buf) and present(A, buf+1M)
expect value(A, buf) == 0
expect value(A, buf+1M) == 257
show folio A buf+1M
show ptes A buf 8K
