# KSM and a THP. ksmd scans every 4K page of a PMD-mapped THP (follow_page returns the subpage).
# The second page finds the first in the unstable tree, but both belong to one folio, whose split
# fails while both are held: cmp_and_merge_page splits it afterwards and nothing merges. The third
# page then merges with the first and becomes the KSM page (head + 2); the others join it through
# the stable tree until it has max_page_sharing (256) mappings, after which a second KSM page
# (head + 258) takes the rest: 2 pages shared, 510 sharing, as the host's 6.18 has it, down to
# which pages map which. A folio that cannot be split, because a pin holds an extra reference, is
# not merged at all, and stays PMD-mapped.
kernel 6.18
proc A
mmap buf 2M thp
write buf 2M = 5
expect pmd_mapped(A, buf)
madvise buf 2M mergeable
ksm
expect ksm(A, buf)
expect pfn(A, buf) == pfn(A, buf+8K)
expect pfn(A, buf) == pfn(A, buf+1M)
expect pfn(A, buf+4K) == pfn(A, buf+1M+4K)
expect pfn(A, buf+4K) == pfn(A, buf + 2M - 4K)
expect pfn(A, buf) != pfn(A, buf+4K)
expect not pmd_mapped(A, buf)
expect stat(ksm_pages_shared) == 2
expect stat(ksm_pages_sharing) == 510
check
reset

proc A
mmap buf 2M thp
write buf 2M = 5
pin buf+8K 4K rw longterm
madvise buf 2M mergeable
ksm
expect not ksm(A, buf)
expect pmd_mapped(A, buf)
expect stat(ksm_pages_sharing) == 0
unpin #1
check
