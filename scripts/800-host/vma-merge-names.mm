# host: needs thp
# Names label address ranges, not VMAs: adjacent anonymous mappings with the same flags merge as
# vma_merge_new_range merges them, whatever the script calls them (the host sets no anon_vma_name).
# - Two 1M mappings that meet at 1M make one 2M VMA, THP-eligible under thp=always.
# - mremap grows a range in place across the join of two merged 4K mappings.
# - `mmap ... thp` is mmap, then MADV_HUGEPAGE: it merges first and is split off again.
# `show maps` names each VMA by the names of the ranges it covers.
set thp always
proc A
mmap a 1M at 0x0
mmap b 1M at 0x100000
write a = 1
expect pmd_mapped(A, a) and value(A, b) == 0
mmap c 4K at 0x400000
mmap d 4K at 0x401000
write c = 3
mremap A c 8K 16K
expect value(A, c) == 3 and not present(A, c + 12K)
mmap e 4K at 0x404000 thp
write e = 5
show maps
expect value(A, e) == 5
