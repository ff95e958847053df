# cow.c backing: a PTE-mapped multi-size THP of 64K. cow.c sets the size's own knob to always and
# the PMD size's to never, maps twice the size, aligns, asks for MADV_HUGEPAGE and writes: the
# first write faults in one 64K folio, mapped by 16 PTEs (mTHP is 6.8+; before, the knob is
# ignored and these are base pages). The mprotect of one page and back changes nothing for a folio
# that no PMD maps.
proc A
set thp never
set thp.64K always
mmap buf 128K thp
write buf 64K = 1
let size = 64K
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
let mthp = thp(A, buf) and order(A, buf) == 4
