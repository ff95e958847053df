# args: --kernel all
# A write to a KSM page copies it, in every era but 5.1 - 5.8, where reuse_ksm_page
# (52d1e606ee73) reuses a KSM page whose only user is the faulting PTE (page_count 1, not in
# the swap cache); 09854ba94c6a (5.9) copies every KSM page again.
proc A
mmap buf 4K
madvise buf 4K mergeable
write buf = 7
proc B
mmap buf 4K
madvise buf 4K mergeable
write buf = 7
ksm
expect ksm(A, buf)
# Shared by two: every era copies.
let shared = pfn(A, buf)
write A buf = 8
expect pfn(A, buf) != shared
expect ksm(B, buf)
# B is now the KSM page's only mapper.
let sole = pfn(B, buf)
write B buf = 9
let sole_ksm_page_copied = pfn(B, buf) != sole
expect sole_ksm_page_copied fails on <=5.7 5.8
expect not ksm(B, buf)
expect value(B, buf) == 9
check
