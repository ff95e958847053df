# The idea that ends the seed thread ("mm: reuse the unshared swapcache page in do_wp_page",
# January 2022), written as a policy (scan-page-table.cs): for a write to a R/O PTE-mapped THP,
# "scan the currently locked page table for entries mapping this same page. If page_count()
# corresponds to that value, we know that only we are mapping the THP", and reuse instead of
# copying subpage by subpage. The policy derives from 5.16, the kernel of the thread. The LRU-add
# batch holds a reference too, so it drains the batch first when the folio waits there, as 5.18's
# do_wp_page does for small pages (53a05ad9f21d); a folio in the swap cache, or with any reference
# that is not a PTE of this table (a pin, a pipe, another process, a mapping elsewhere), goes to
# 5.16's own rule. Whether that is safe: scan-page-table-explore.mm searches for the case where it
# breaks.
# host: skip a policy is a rule of the simulator's: the live kernel decides as it was built
policy load scan-page-table.cs

# The seed scenario: a THP made PTE-mapped (cow.c's mprotect of one subpage and back), R/O after
# a fork whose child exits, then written page by page.
kernel 5.16
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
exit B
write A buf 2M = 2
print stat(cow_copy)
expect stat(cow_copy) == 511

reset
kernel scan
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
exit B
trace on
write A buf + 8K = 2
trace off
write A buf 2M = 2
print stat(cow_copy)
expect stat(cow_copy) == 0
expect thp(A, buf) and value(A, buf + 1M) == 2
check

# 6.18 gets there by another route: MM owner tracking (6af8cb80d3a9, 1da190f4d0a6).
reset
kernel 6.18
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
exit B
write A buf 2M = 2
print stat(cow_copy)
expect stat(cow_copy) == 0
