# host: needs thp
# mremap moves page-table entries with move_page_tables, which allocates the destination's PTE
# table (pte_alloc before move_ptes) whenever the source PMD has one, even if every entry it moves
# is none. A later fault in the destination's 2M then finds a page table and maps 4K pages, not a
# PMD THP. Here the moved 4K was never touched, but a write elsewhere in its 2M made the table.
set thp always
proc A
mmap buf 1M at 0x122000
write A 0x180000 = 1
mremap A 0x12b000 4K 2M to 0x400000
write A 0x400000 = 2
print thp(A, 0x400000) or pmd_mapped(A, 0x400000)
mmap 2M at 0x800000
write A 0x800000 = 3
print pmd_mapped(A, 0x800000)
expect value(A, 0x400000) == 2 and value(A, 0x180000) == 1
