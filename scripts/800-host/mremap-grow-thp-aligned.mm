# A range that grows by moving goes to the lowest free 2M-aligned range when THP is allowed in its
# VMA (the mode and MADV_HUGEPAGE/NOHUGEPAGE, as ThpAllowed decides), even when the VMA is too
# small to hold a THP now: here a 4K piece of a 1M mapping grows to 2M and moves to 0x400000, where
# the next write faults in a PMD THP. The host backend chose the alignment from smaps' THPeligible,
# which is 0 for a VMA with no aligned 2M range, and moved it to 0x222000 instead. Found by
# mmdsl fuzz.
set thp always
proc A
mmap 1M at 0x122000
mremap A 0x12b000 4K 2M
write A 0x400000 = 1
expect pmd_mapped(A, 0x400000)
expect value(A, 0x400000) == 1
