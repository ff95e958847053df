# host: needs thp
# Splitting the huge zero PMD counts thp_split_pmd: __split_huge_pmd_locked counts the event
# before its early return for the huge zero page (since eef1b3ba053a, 4.5), in every era.
set thp.use_zero_page on
proc A
mmap buf 2M thp
read buf
expect pmd_mapped(A, buf)
munmap A buf 4K
expect stat(thp_split_pmd) == 1
expect not pmd_mapped(A, buf + 4K) and not present(A, buf)
