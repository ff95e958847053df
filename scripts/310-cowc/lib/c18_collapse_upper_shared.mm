# cow.c: Basic COW after fork() when collapsing after fork() (upper shared). Only the upper half
# goes to the child (MADV_DONTFORK on the lower one); the parent makes the VMA whole again,
# collapses and writes; the child keeps the old upper half.
let half = 1M
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
madvise buf half dontfork
fork B
madvise buf size dofork
collapse buf
let c18_collapsed = pmd_mapped(A, buf)
write A buf size = 2
let c18_collapse_upper_shared = value(B, buf + half) == 1 and value(B, buf + size - 4K) == 1
