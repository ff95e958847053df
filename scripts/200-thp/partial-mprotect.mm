# mprotect of one subpage of a PMD-mapped THP splits the VMA, so the PMD is split into PTEs.
# The folio stays whole and exclusive; protecting it back merges the VMA but the mapping stays
# PTE-mapped (cow.c's "PTE-mapped THP" trick).
proc A
mmap buf 2M thp
write buf = 1
mprotect buf+4K 4K ro
show maps
expect not pmd_mapped(A, buf) and thp(A, buf)
expect anon_exclusive(A, buf+8K)
expect writable(A, buf) and not writable(A, buf+4K)
write buf+4K = 5
mprotect buf+4K 4K rw
show maps
show ptes A buf 16K
write buf+4K = 5
expect value(A, buf+4K) == 5
print stat(thp_split_pmd)
