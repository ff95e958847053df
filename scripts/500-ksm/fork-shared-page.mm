# A page that fork left shared between a parent and a child can become a KSM page through the
# child alone (the parent never asked for merging): write_protect_page accepts it, because the
# page's mapcount, parent included, accounts for its references. The child's two identical pages
# merge into the second one, which the parent still maps, outside any rmap item's anon_vma: the
# KSM reverse map (rmap_walk_ksm walks each rmap item's own anon_vma) cannot reach the parent's
# mapping. So migration of that page fails (still mapped after try_to_migrate) and reclaim leaves
# it in the swap cache (still mapped after try_to_unmap); the other page moves.
kernel 6.18
proc P0
mmap buf 8K
write buf 8K = 5
fork P1
madvise P1 buf 8K mergeable
ksm
expect pfn(P1, buf) == pfn(P1, buf+4K)
expect pfn(P0, buf+4K) == pfn(P1, buf)
expect pfn(P0, buf) != pfn(P1, buf)
expect value(P0, buf+4K) == 5
show refs
let before = pfn(P0, buf+4K)
migrate P0 buf 8K
expect pfn(P0, buf+4K) == before
expect pfn(P1, buf) == before
check
reclaim
check
show refs
expect value(P0, buf+4K) == 5
expect value(P1, buf) == 5
