# args: --kernel all
# the cow eras (docs/eras.md), the seed thread's scenario: a read-only PTE-mapped THP after fork and
# the child's exit, then writes to subpages. Every way of getting one:
#  - mprotect of one subpage and back (cow.c's "PTE-mapped THP"),
#  - the COW fallback (the parent's write to the shared THP split its PMD),
#  - mremap of half of the THP (the PMD is split, the folio stays whole),
#  - MADV_DONTNEED of all but the first page (cow.c's "single PTE of THP").
# Expected: <=5.8 reuses (mapcount); 5.9-6.8 copies while other PTEs map the folio (its refcount
# counts every PTE) and reuses the whole folio for the last one; 6.9-6.14 always copies; 6.15+
# reuses (MM owner tracking: only A maps it), except a folio mapped by one PTE alone, which
# __wp_can_reuse_large_anon_folio copies so that the big folio can be freed.

proc A
mmap buf 2M thp
write buf 2M = 1
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
fork B
exit B
let p = pfn(A, buf + 8K)
write A buf + 8K
let mprotect_variant_reuses = pfn(A, buf + 8K) == p
expect mprotect_variant_reuses fails on 5.9-5.17 5.18 5.19-6.8 6.9-6.14
reset

proc A
mmap buf 2M thp
write buf 2M = 1
fork B
write A buf + 4K
exit B
let p = pfn(A, buf + 8K)
write A buf + 8K
let cow_fallback_variant_reuses = pfn(A, buf + 8K) == p
expect cow_fallback_variant_reuses fails on 5.9-5.17 5.18 5.19-6.8 6.9-6.14
reset

proc A
mmap buf 2M thp
write buf 2M = 1
mremap buf+1M 1M 1M to 1G
fork B
exit B
let p = pfn(A, buf + 8K)
write A buf + 8K
let mremap_variant_reuses = pfn(A, buf + 8K) == p
expect mremap_variant_reuses fails on 5.9-5.17 5.18 5.19-6.8 6.9-6.14
reset

proc A
mmap buf 2M thp
write buf 2M = 1
madvise buf+4K 2M-4K dontneed
fork B
exit B
let p = pfn(A, buf)
write A buf
let single_pte_variant_reuses = pfn(A, buf) == p
print single_pte_variant_reuses
