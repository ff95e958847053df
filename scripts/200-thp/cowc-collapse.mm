# args: --kernel all
# tools/testing/selftests/mm/cow.c, the anonymous THP collapse cases: a PTE-mapped THP is
# collapsed with MADV_COLLAPSE before or after fork (fully, lower half or upper half shared),
# then the parent writes everything; the child must keep the old data.
# MADV_COLLAPSE arrives in 6.1: earlier eras refuse it (EINVAL) and the case is skipped by the
# selftest, which the rows "collapsed" show. Before 6.18 a range whose PTEs are all read-only
# (fully COW-shared) is refused with SCAN_PAGE_RO.

# Collapse before fork (unshared).
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
collapse buf
let unshared_collapsed = pmd_mapped(A, buf)
print unshared_collapsed
fork B
write A buf 2M = 2
let unshared_child_keeps_old_data = value(B, buf) == 1 and value(B, buf + 2M - 4K) == 1
expect unshared_child_keeps_old_data
reset

# Collapse after fork, fully shared.
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
collapse A buf
let fully_shared_collapsed = pmd_mapped(A, buf)
print fully_shared_collapsed
write A buf 2M = 2
let fully_shared_child_keeps_old_data = value(B, buf) == 1 and value(B, buf + 2M - 4K) == 1
expect fully_shared_child_keeps_old_data
reset

# Collapse after fork, lower half shared.
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
madvise buf+1M 1M dontfork
fork B
madvise A buf 2M dofork
collapse A buf
let lower_shared_collapsed = pmd_mapped(A, buf)
print lower_shared_collapsed
write A buf 2M = 2
let lower_shared_child_keeps_old_data = value(B, buf) == 1 and value(B, buf + 1M - 4K) == 1
expect lower_shared_child_keeps_old_data
reset

# Collapse after fork, upper half shared.
proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
madvise buf 1M dontfork
fork B
madvise A buf 2M dofork
collapse A buf
let upper_shared_collapsed = pmd_mapped(A, buf)
print upper_shared_collapsed
write A buf 2M = 2
let upper_shared_child_keeps_old_data = value(B, buf + 1M) == 1 and value(B, buf + 2M - 4K) == 1
expect upper_shared_child_keeps_old_data
