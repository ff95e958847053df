# host: needs zero-page
# A mapping made next to one that has an anon_vma merges into it, and `mmap ... thp` (mmap, then
# MADV_HUGEPAGE) splits it off again keeping that anon_vma. So a range that only a read fault
# touched (a zero-page PTE) has an anon_vma, and fork copies its page table (vma_needs_copy):
# the child has the zero-page PTE too. Alone, such a range has no anon_vma and fork copies nothing.
set thp madvise
proc A
mmap a 4K at 0x0
write a = 1
mmap b 8K at 0x1000 thp
read b
mmap c 8K at 0x10000
read c
fork B
expect present(B, b) and pfn(B, b) == pfn(A, b)
expect not present(B, c)
show maps
