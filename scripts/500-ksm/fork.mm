# A fork shares a KSM page as it shares any anonymous page: the child's PTE maps it read-only,
# the mapcount and refcount grow, and PG_anon_exclusive stays clear (a KSM page is never
# exclusive). The next scan counts the child's mapping in pages_sharing (the child's mm was
# registered with ksmd at fork); a write in the child copies.
kernel 6.18
proc A
mmap buf 8K
madvise buf 8K mergeable
write buf 8K = 5
ksm
expect ksm(A, buf)
expect pfn(A, buf) == pfn(A, buf+0x1000)
expect stat(ksm_pages_sharing) == 1
fork B
expect ksm(B, buf)
expect mapcount(B, buf) == 4
expect not anon_exclusive(B, buf)
ksm
expect stat(ksm_pages_shared) == 1
expect stat(ksm_pages_sharing) == 3
write B buf+0x1000 = 6
expect not ksm(B, buf+0x1000)
expect mapcount(A, buf) == 3
expect value(A, buf+0x1000) == 5
show refs
check
