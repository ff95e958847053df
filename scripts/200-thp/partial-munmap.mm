# munmap of half a PMD-mapped THP: the PMD is split, the unmapped half loses its PTEs, and the
# folio, now partially mapped, waits on the deferred split queue. Its memory comes back only
# when the shrinker splits it.
proc A
mmap buf 2M thp
write buf 2M
expect pmd_mapped(A, buf)
munmap buf+1M 1M
expect not pmd_mapped(A, buf) and thp(A, buf)
show folio A buf
show maps
print stat(thp_split_pmd)
print stat(thp_deferred_split_page)
shrink
expect not thp(A, buf)
print value(A, buf + 4K)
show maps
