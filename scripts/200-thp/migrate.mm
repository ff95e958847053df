# args: --kernel all
# host: skip user space cannot move a page to a new frame within one node, and every row follows a migrate
# Migration moves a folio to new page frames through migration entries: mappings, contents and
# exclusivity come along; a pinned folio is refused.
proc A
mmap buf 2M thp
mmap small 8K
write buf = 1
write small 8K
let old = pfn(A, buf)
migrate buf
expect pfn(A, buf) != old and pmd_mapped(A, buf) and value(A, buf) == 1
expect anon_exclusive(A, buf) == anon_exclusive(A, small)
pin small ro
let pinned = pfn(A, small)
migrate small 8K
expect pfn(A, small) == pinned
expect pfn(A, small + 4K) != pinned + 1
