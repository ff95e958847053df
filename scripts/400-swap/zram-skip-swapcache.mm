# args: --kernel all
# A synchronous swap device (zram, pmem: SWP_SYNCHRONOUS_IO): do_swap_page reads a page whose
# swap entry only one PTE holds (__swap_count == 1) straight into a new folio and frees the entry,
# without the swap cache (0bcac06f27d7, 4.15). The page is then certainly exclusive, yet 5.9-5.17
# copies it on the next write: the read mapped it R/O, and do_wp_page's page_count sees the
# LRU-add batch's reference (the seed thread's case without the swap cache). An entry a fork
# shared (count 2) goes through the swap cache as on a disk.
set swap.device zram
proc A
mmap buf 8K
write buf = 1
write buf + 4K = 2
swapout buf 8K
expect swapped(A, buf) and swapped(A, buf + 4K)
read buf
expect not swapcache(A, buf)
expect stat(pswpin) == 1
let p = pfn(A, buf)
write buf = 3
expect pfn(A, buf) == p fails on 5.9-5.17
fork B
read A buf + 4K
expect swapcache(A, buf + 4K)
expect value(B, buf + 4K) == 2
check

# host: needs swap, zram
