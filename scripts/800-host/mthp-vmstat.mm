# host <=6.10: skip multi-size THP arrived in 6.8 and its split statistics (split, split_deferred) in 6.11
# /proc/vmstat's thp_fault_alloc, thp_deferred_split_page and thp_split_page count PMD-sized THPs
# only; a multi-size THP (6.8+) is counted per size, in
# /sys/kernel/mm/transparent_hugepage/hugepages-SIZE/stats, and nowhere in /proc/vmstat:
#  - mm/memory.c alloc_anon_folio() counts MTHP_STAT_ANON_FAULT_ALLOC alone; THP_FAULT_ALLOC is
#    counted by __do_huge_pmd_anonymous_page() for a PMD fault;
#  - mm/huge_memory.c deferred_split_folio(): "if (folio_test_pmd_mappable(folio))
#    count_vm_event(THP_DEFERRED_SPLIT_PAGE);" then count_mthp_stat(..., MTHP_STAT_SPLIT_DEFERRED);
#  - __folio_split(): "if (is_thp) count_vm_event(!ret ? THP_SPLIT_PAGE : THP_SPLIT_PAGE_FAILED);"
#    with is_thp = folio_test_pmd_mappable(folio).
# Linux 6.18.44 says 0, 0, 0, and so does the simulator (it counted each 64K folio before: 2, 1, 1).
# The per-size files count them instead: stat(anon_fault_alloc_64K) is
# hugepages-64kB/stats/anon_fault_alloc (6.10+), split_deferred_64K and split_64K (6.11+).
# anon_fault_alloc_64K is left out here: while the script sets thp.64K always, every process on
# the machine faults 64K folios, so the host's figure can be larger (show stats has it).
kernel 6.18
set thp.64K always
proc A
mmap buf 1M
write buf 128K = 1
expect order(A, buf) == 4
expect stat(thp_fault_alloc) == 0
munmap buf + 8K 4K
expect stat(thp_deferred_split_page) == 0
expect stat(split_deferred_64K) == 1
shrink
expect order(A, buf) == 0
expect stat(thp_split_page) == 0
expect stat(split_64K) == 1
show stats
