# cow.c: Basic COW after fork() when collapsing before fork(). The THP is PTE-mapped (a page
# made read-only and back, which splits the PMD), collapsed again in place while nothing shares
# it, then shared by fork; the child keeps the old data after the parent writes.
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
collapse buf
let c15_collapsed = pmd_mapped(A, buf)
fork B
write A buf size = 2
let c15_collapse_unshared = value(B, buf) == 1 and value(B, buf + size - 4K) == 1
