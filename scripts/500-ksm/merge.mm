# Two processes write the same word into pages of ranges marked mergeable; ksmd (the ksm
# command: full scans until one merges nothing) merges them into one write-protected KSM page
# that both map. A page with other contents stays private.
kernel 6.18
proc A
mmap buf 8K
madvise buf 8K mergeable
write buf = 7
write buf+0x1000 = 1
proc B
mmap buf 8K
madvise buf 8K mergeable
write buf = 7
write buf+0x1000 = 2
ksm
show refs
expect ksm(A, buf)
expect ksm(B, buf)
expect pfn(A, buf) == pfn(B, buf)
expect mapcount(A, buf) == 2
expect not anon_exclusive(A, buf)
expect not ksm(A, buf+0x1000)
expect not ksm(B, buf+0x1000)
expect stat(ksm_pages_shared) == 1
expect stat(ksm_pages_sharing) == 1
expect value(A, buf) == 7
check
