# host: needs swap
# MADV_PAGEOUT leaves a KSM page mapped by two processes alone (it is mapped shared); once one
# mapper has copied it away, the other's sole mapping is swapped out like any page. Reclaim
# frees the KSM page once written, so the swap-in reads a plain anonymous page back.
kernel 6.18
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
swapout A buf
expect present(A, buf)
write B buf = 8
swapout A buf
expect swapped(A, buf)
read A buf
expect present(A, buf)
expect value(A, buf) == 7
write A buf = 9
expect not ksm(A, buf)
expect value(A, buf) == 9
check
