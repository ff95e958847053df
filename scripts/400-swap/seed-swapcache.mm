# args: --kernel all --trace
# The seed thread ("mm: reuse the unshared swapcache page in do_wp_page", Liang Zhang, Jan 2022):
# a page is swapped out and read back; the read leaves it in the swap cache (of a disk: zram
# keeps no unshared page there, zram-skip-swapcache.mm), so its refcount is 2 (3 while in the LRU-add batch). Nobody else
# maps it, yet 5.9-5.17 copies it on the next write (page_count != 1). <=5.8 decides by mapcount +
# swap count and reuses; 5.18 drains the batch and frees the swap cache first; 5.19+ also has the
# swap PTE's exclusive bit, and from 6.11 maps an exclusive page writable at the read already.
proc A
mmap buf 4K
write buf = 1
swapout buf
expect swapped(A, buf)
read buf
expect swapcache(A, buf)
show refs
let p0 = pfn(A, buf)
write buf = 2
let reused = pfn(A, buf) == p0
print reused
expect reused fails on 5.9-5.17
expect value(A, buf) == 2

# Here rather than at the top, where it would move the lines the output cites:
# host: needs swap
