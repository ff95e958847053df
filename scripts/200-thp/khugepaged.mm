# host: skip the khugepaged command has no user-space equivalent (khugepaged is parked for a run), and every row follows one
# khugepaged (one full scan per command) refusing a 2M range for each of its reasons, then
# collapsing it once the reason is gone. The tunables are those of
# /sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_*.
kernel 6.18

# Empty PTEs over max_ptes_none: half of the range was never touched (small pages were faulted
# while THP was off).
set khugepaged.max_ptes_none 0
set thp never
proc A
mmap buf 2M thp
write buf 1M
set thp madvise
khugepaged
set khugepaged.max_ptes_none 511
khugepaged
expect pmd_mapped(A, buf) and value(A, buf) == 1 and value(A, buf + 1M) == 0
reset

# Swapped-out PTEs over max_ptes_swap; with the limit raised they are swapped in first.
set khugepaged.max_ptes_swap 1
proc A
mmap buf 2M thp
write buf 2M
split buf
swapout buf 8K
khugepaged
set khugepaged.max_ptes_swap 64
khugepaged
expect pmd_mapped(A, buf) and value(A, buf + 4K) == 2
reset

# Pages shared with a child over max_ptes_shared; the child exits and the range collapses.
set khugepaged.max_ptes_shared 1
proc A
mmap buf 2M thp
write buf 2M
split buf
fork B
khugepaged
exit B
khugepaged
expect pmd_mapped(A, buf)
set khugepaged.max_ptes_shared 256
reset

# A pinned page: its refcount is more than its mapcount.
proc A
mmap buf 2M thp
write buf 2M
split buf
pin buf+8K ro
khugepaged
unpin #1
khugepaged
expect pmd_mapped(A, buf)
reset

# Nothing accessed since MADV_COLD cleared the accessed bits; one access is enough.
proc A
mmap buf 2M thp
write buf 2M
split buf
madvise buf 2M cold
khugepaged
read buf
khugepaged
expect pmd_mapped(A, buf)
