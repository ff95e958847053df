# Where does the page-table scan of scan-page-table.mm break? Every sequence of 4 operations
# over a PTE-mapped THP, under the policy (a 5.16 with the scan), judged by the oracle: private
# memory, pipes (vmsplice), R/O and R/W long-term pins, the invariant checker.
# Reasoning: the scan reuses only when every reference to the folio is a PTE of the locked page
# table, so a pin (a reference, FOLL_PIN adds one to a large folio), a pipe (a reference), the
# swap cache (a reference per page) or a mapping in another process or page table makes it fall
# back to 5.16's rule. What it cannot see are the R/O pin failures 5.16 has anyway (a pin of a
# shared page that a later write copies away from): those are 5.16's (ro-pin.mm). To depth 4 the
# search finds nothing; at depth 5 (--depth 5) it finds 5.16's own swap-cache leak of
# CVE-2020-29374 (cve-2020-29374.mm), the same sequence with and without the policy.
# Run: mmdsl explore scripts/900-ideas/scan-page-table-explore.mm
# host: skip a world for mmdsl explore: its setup has nothing to compare, the search runs in the simulator
# explore: processes A B
# explore: ops fork exit write vmsplice close pin-rw unpin swapout munmap
# explore: depth 4
policy load scan-page-table.cs
kernel scan
set memory 64M
proc A
mmap buf 2M thp
write A buf = 1
mprotect A buf+4K 4K ro
mprotect A buf+4K 4K rw
