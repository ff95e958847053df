# args: --kernel all
# MADV_UNMERGEABLE breaks every KSM page of the range back into a private page (break_ksm):
# from 6.2 with an unshare fault (the copy stays read-only until written), before with a fake
# write fault. The stable tree forgets the mapping at the next scan.
proc A
mmap buf 4K
madvise buf 4K mergeable
write buf = 3
proc B
mmap buf 4K
madvise buf 4K mergeable
write buf = 3
ksm
expect ksm(A, buf)
expect ksm(B, buf)
madvise A buf 4K unmergeable
expect not ksm(A, buf)
expect ksm(B, buf)
expect value(A, buf) == 3
# 6.2+: the unshare fault leaves the private copy read-only; before, the write fault made it writable.
let copy_read_only = not writable(A, buf)
expect copy_read_only fails on <=5.7 5.8 5.9-5.17 5.18
print stat(ksm_pages_sharing)
ksm
expect stat(ksm_pages_shared) == 1
expect stat(ksm_pages_sharing) == 0
write A buf = 4
expect value(B, buf) == 3
check
