# args: --kernel all
# host <=6.7: skip multi-size THP (set thp.64K) arrived in 6.8: every row follows a 64K folio
# Multi-size THP (6.8+): with 64K folios enabled, an anonymous write fault allocates a 64K folio
# mapped by 16 PTEs. After fork and the child's exit, the parent's write to one of them is
# copied in 6.8-6.14 (a large folio is reused only when one PTE and no other reference is left,
# and from 6.9 never) and reused from 6.15 (MM owner tracking). Before 6.8 the setting is
# ignored and the page is small.
set thp.64K always
proc A
mmap buf 1M
write buf 64K
print order(A, buf)
fork B
exit B
let p = pfn(A, buf + 4K)
write A buf + 4K
let reused = pfn(A, buf + 4K) == p
print reused
