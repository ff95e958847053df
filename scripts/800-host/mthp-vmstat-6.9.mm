# mthp-vmstat.mm on the kernels before 835c3a25aa37 ("mm: huge_memory: add the missing
# folio_test_pmd_mappable() for THP split statistics", 6.10): 6.8 and 6.9 counted the split of a
# multi-size THP in thp_deferred_split_page and thp_split_page; thp_fault_alloc never counted one.
# host <=6.7: skip multi-size THP (set thp.64K) arrived in 6.8: every row follows a 64K folio
kernel 6.9
set thp.64K always
proc A
mmap buf 1M
write buf 128K = 1
expect stat(thp_fault_alloc) == 0
munmap buf + 8K 4K
expect stat(thp_deferred_split_page) == 1
shrink
expect stat(thp_split_page) == 1
