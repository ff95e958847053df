# fork shares every private page read-only; the child's write copies its page, and the parent's
# next write then reuses the original, which only it maps now.
proc A
mmap buf 8K
write buf = 1
write buf+4K = 2
let p0 = pfn(A, buf)
fork B
show refs
# refcount 3: two PTEs and the LRU-add batch, which still holds the freshly written page
expect refcount(A, buf) == 3 and mapcount(A, buf) == 2
expect not writable(A, buf) and not writable(B, buf)
expect not anon_exclusive(A, buf)
write B buf = 10
expect pfn(B, buf) != p0 and pfn(A, buf) == p0
expect value(A, buf) == 1 and value(B, buf) == 10
write A buf = 11
expect pfn(A, buf) == p0
expect value(B, buf) == 10
show refs
