# cow.c: Basic COW after fork() when collapsing after fork() (lower shared). Only the lower half
# goes to the child (MADV_DONTFORK on the upper one); the parent makes the VMA whole again
# (MADV_DOFORK), collapses and writes; the child keeps the old lower half.
let half = 1M
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
madvise buf+half half dontfork
fork B
madvise buf size dofork
collapse buf
let c17_collapsed = pmd_mapped(A, buf)
write A buf size = 2
let c17_collapse_lower_shared = value(B, buf) == 1 and value(B, buf + half - 4K) == 1
