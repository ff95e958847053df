# After fork the parent writes first: it gets the copy, the child keeps the original page.
proc A
mmap buf 4K
write buf = 1
let p0 = pfn(A, buf)
fork B
write A buf = 2
expect pfn(A, buf) != p0 and pfn(B, buf) == p0
expect value(B, buf) == 1 and value(A, buf) == 2
expect refcount(B, buf) == 1 and mapcount(B, buf) == 1
# B is the only mapper now, but its PTE is still read-only: its write takes a fault that reuses.
expect not writable(B, buf)
trace on
write B buf = 3
expect pfn(B, buf) == p0
print stat(pgreuse)
print stat(cow_copy)
