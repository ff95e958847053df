# args: --kernel all
# mremap of a whole, aligned THP moves the PMD intact; mremap of half of one splits the PMD
# first, and the folio ends up PTE-mapped in two places.
proc A
mmap buf 2M thp
write buf 2M
mremap buf 2M 2M to 1G
expect pmd_mapped(A, 1G) and not present(A, buf)
expect value(A, 1G + 4K) == 2
mremap 1G+1M 1M 1M to 2G
expect not pmd_mapped(A, 1G) and thp(A, 1G) and thp(A, 2G)
expect pfn(A, 2G) == pfn(A, 1G) + 256
expect value(A, 2G) == 257
