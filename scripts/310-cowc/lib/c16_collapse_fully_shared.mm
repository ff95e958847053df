# cow.c: Basic COW after fork() when collapsing after fork() (fully shared). The PTE-mapped THP
# is shared with a child, then the parent collapses it before anyone wrote: the collapse must not
# carry the child's pages into the parent's new THP as exclusive.
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
collapse buf
let c16_collapsed = pmd_mapped(A, buf)
write A buf size = 2
let c16_collapse_fully_shared = value(B, buf) == 1 and value(B, buf + size - 4K) == 1
