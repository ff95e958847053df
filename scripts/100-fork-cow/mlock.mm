# mlock and copy-on-write. mlock faults its range in as populate_vma_page_range does: a write
# fault on each page of a private writable mapping (FOLL_WRITE), so a page that fork left shared
# is copied at mlock time, not at the first write; a page that is already the process's own is
# left as it is. The lock is not inherited (dup_mmap clears VM_LOCKED), and a locked mapping
# refuses MADV_DONTNEED and MADV_PAGEOUT (EINVAL). MAP_LOCKED does the same as an mlock right
# after the mmap.
kernel 6.18
proc A
mmap buf 16K
write buf 16K = 1
fork B
write A buf+12K = 2
mlock buf 8K
expect pfn(A, buf) != pfn(B, buf)
expect pfn(A, buf+8K) == pfn(B, buf+8K)
expect value(B, buf) == 1
show maps
fork C
show maps C
madvise buf 4K dontneed
madvise buf+8K 4K dontneed
expect present(A, buf)
expect not present(A, buf+8K)
munlock buf 8K
madvise buf 4K dontneed
expect not present(A, buf)
mmap lk 8K locked
expect present(A, lk+4K)
mlock 0x7000_0000 4K
show maps
