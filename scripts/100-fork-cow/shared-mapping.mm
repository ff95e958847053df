# MAP_SHARED|MAP_ANONYMOUS memory is shmem: fork shares the page itself, writes from either
# process are seen by both, and nothing is ever copied.
proc A
mmap sh 4K shared
write sh = 1
fork B
write B sh = 2
expect value(A, sh) == 2
expect pfn(A, sh) == pfn(B, sh)
show refs
print stat(cow_copy)
