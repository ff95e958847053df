# The seed thread's scenario ("1. a read-only PTE-mapped THP, 2. write fault, 3. we PTE-map it,
# 4. write fault on the PTE, 5. we always copy"), on the latest kernel.
# A THP shared by fork is written by the parent: its PMD is split, one subpage copied. When the
# child exits, the parent is left with a read-only PTE-mapped THP. 6.15's MM owner tracking sees
# that only A maps it and every reference is a mapping, so each later write reuses its subpage.
kernel latest
proc A
mmap buf 2M thp
write buf = 1
fork B
write A buf+0x1000 = 2
exit B
show folio A buf
expect not writable(A, buf+0x2000)
for i in 2..6 {
  let p = pfn(A, buf + i*4K)
  write A buf + i*4K
  expect pfn(A, buf + i*4K) == p
}
print stat(pgreuse)
print stat(cow_copy)
show folio A buf
