# MADV_COLD of part of an exclusive PMD-mapped THP splits the folio, as MADV_PAGEOUT does: both go
# through madvise_cold_or_pageout_pte_range, which calls split_folio() when the range does not
# cover the whole PMD. A THP the range covers whole, or one mapped shared, is left PMD-mapped.
proc A
mmap buf 4M thp at 0x0
write buf 4M = 1
madvise A buf 2M cold
madvise A buf + 2M 4K cold
print pmd_mapped(A, buf) and thp(A, buf)
print thp(A, buf + 2M) or pmd_mapped(A, buf + 2M)
print stat(thp_split_pmd)
fork B from A
madvise A buf 4K cold
print pmd_mapped(A, buf)
expect value(A, buf + 2M) == 1 and value(B, buf) == 1
