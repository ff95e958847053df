# host: needs swap, collapse
# MADV_COLLAPSE swaps the range's swapped-out pages in before it copies them, but
# __collapse_huge_page_swapin calls do_swap_page itself: no page fault is counted for them
# (pgfault counts handle_mm_fault only).
proc A
mmap buf 2M at 0x0
write buf 2M = 1
swapout buf 16K
expect swapped(A, buf)
collapse A buf
expect stat(pgfault) == 512
expect pmd_mapped(A, buf) and value(A, buf + 4K) == 1
