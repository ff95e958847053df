# host: needs thp
# MADV_DONTNEED over a whole 2M frees the PTE table it emptied (CONFIG_PT_RECLAIM, 6.14+ on
# x86_64: madvise_dontneed_single_vma zaps with .reclaim_pt), so the next fault in that 2M finds
# no page table and may map a PMD THP. A DONTNEED of part of the 2M keeps the table.
# The 4M are written with small pages (THP madvise, and no MADV_HUGEPAGE yet) rather than under
# `set thp never`: turning THP off and on restarts khugepaged, whose first pass runs at once and
# would collapse these ranges on its own (seen on 5.10.223 in a virtual machine).
set thp madvise
proc A
mmap buf 4M at 0x0
write buf 4M = 1
madvise buf 4M hugepage
madvise buf 2M dontneed
madvise buf + 2M 1M dontneed
write buf = 2
write buf + 2M = 3
expect pmd_mapped(A, buf) and value(A, buf) == 2
expect not pmd_mapped(A, buf + 2M) and value(A, buf + 2M) == 3 and value(A, buf + 3M) == 1
