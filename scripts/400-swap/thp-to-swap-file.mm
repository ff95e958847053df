# host: needs swap
# host <=6.9: skip the per-size swap statistics (swpout_fallback) arrived in 6.10
# vm: skip the guest swaps to zram, not a file, so 'set swap.file on' cannot hold there
# A swap file, unlike a partition, takes no large entries (6.18's cluster_alloc_swap_entry:
# "Swapfile is not block device so unable to allocate large entries"; modelled from 6.10, when
# mTHP swap-out began to allocate large entries for any order). A PMD THP and a 64K folio are
# split before they go to it: thp_swpout_fallback and swpout_fallback_SIZE count them, every
# page is written out on its own, and the read brings back a small page. Linux 6.18 with a swap
# file (mmdsl diff --swap 64M) says the same. On a partition both go out whole.
set swap.file on
set thp.64K always
proc A
mmap buf 2M thp
write buf 2M = 5
mmap small 1M
write small 64K = 6
expect order(A, small) == 4
swapout buf 2M
swapout small 64K
expect swapped(A, buf) and swapped(A, buf + 2M - 4K) and swapped(A, small)
expect stat(thp_swpout) == 0 and stat(thp_swpout_fallback) == 1
expect stat(swpout_fallback_2M) == 1 and stat(swpout_fallback_64K) == 1
expect stat(pswpout) == 512 + 16
read buf + 1M
expect order(A, buf + 1M) == 0 and value(A, buf + 1M) == 5
expect value(A, small + 60K) == 6
