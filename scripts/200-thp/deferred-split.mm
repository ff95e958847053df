# args: --kernel all
# A partially unmapped THP stays whole, all 2M of it allocated, until the deferred-split
# shrinker splits it and frees the unmapped half. From about 6.10 a THP is queued only while
# some of it is still mapped.
proc A
mmap buf 2M thp
write buf 2M
munmap buf+1M 1M
print rss(A)
expect thp(A, buf)
print stat(thp_deferred_split_page)
let freed_before = stat(pgfree)
shrink
print stat(pgfree) - freed_before
expect not thp(A, buf)
print value(A, buf + 8K)
