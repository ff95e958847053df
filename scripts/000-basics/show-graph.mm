# show graph: who maps what. A fork of a PMD-mapped THP, then the child's first write, which
# splits its PMD and copies one page; then the child writes every page, and each write copies
# one more page (the report's timeline of folio 0x400 is a staircase). Runs of like entries and
# of like folios are one line each, so the 512 copies stay a screenful.
kernel 6.18
proc A
mmap buf 2M thp
write A buf
fork B
show graph
write B buf+0x1000
show graph
for i in 0..512 { write B buf + i*4K }
show graph B
expect not pmd_mapped(B, buf)
expect refcount(A, buf) == 1
