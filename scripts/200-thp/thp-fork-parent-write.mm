# A PMD-mapped THP shared by fork; the parent writes one subpage. do_huge_pmd_wp_page sees a
# shared THP and splits the parent's PMD; the PTE fault then copies only the faulting 4K page.
# The child keeps its PMD mapping.
proc A
mmap buf 2M thp
write buf = 1
fork B
expect refcount(A, buf) == 2
trace on
write A buf+0x1000 = 2
trace off
expect not pmd_mapped(A, buf) and pmd_mapped(B, buf)
expect thp(A, buf) and order(A, buf) == 9
expect not thp(A, buf+0x1000)
expect value(B, buf+0x1000) == 0 and value(A, buf+0x1000) == 2
print refcount(B, buf)
print stat(thp_split_pmd)
show folio B buf
