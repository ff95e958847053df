# args: --kernel all
# The seed thread's claim ("mm: reuse the unshared swapcache page in do_wp_page", Jan 2022):
# a page written after fork and the child's exit is mapped by its owner alone, yet 5.9-5.17
# copies it, only because of an extra reference: the per-CPU LRU-add batch (a fresh page) or
# the swap cache (a page swapped back in by a read). 5.18 drains the batch and frees the swap
# cache before testing the refcount, and reuses.

# A fresh page: still in the LRU-add batch.
proc A
mmap buf 4K
write buf = 1
fork B
exit B
let p0 = pfn(A, buf)
write A buf = 2
let fresh_page_reused = pfn(A, buf) == p0
expect fresh_page_reused fails on 5.9-5.17
reset

# The same after drain: nothing but the mapping holds it, every era reuses.
proc A
mmap buf 4K
write buf = 1
fork B
exit B
drain
let p0 = pfn(A, buf)
write A buf = 2
let drained_page_reused = pfn(A, buf) == p0
expect drained_page_reused
reset

# A page read back from swap: it stays in the swap cache (a swap partition or file; not zram).
proc A
mmap buf 4K
write buf = 1
swapout buf
read buf
let p0 = pfn(A, buf)
write A buf = 2
let swapcache_page_reused = pfn(A, buf) == p0
expect swapcache_page_reused fails on 5.9-5.17
