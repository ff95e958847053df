# fork and memfd mappings. A VMA without an anon_vma (a file mapping nothing wrote privately) is
# not copied at fork (vma_needs_copy): the child starts with empty page tables there and faults
# the page cache in itself, fault-around included. A shared mapping never copies: a write in the
# child is the file's, seen by the parent's shared mapping and by its private mapping too, as long
# as that maps the page-cache page. Once a private write has given the VMA an anon_vma, fork
# copies its page tables, page-cache PTEs and anonymous ones alike, and the anonymous page is
# shared copy-on-write as any.
kernel 6.18
proc A
memfd f 16K
pwrite f 0 = 1
pwrite f 4K = 2
mmap mem 16K memfd f
mmap smem 16K memfd f shared
read mem
read smem
fork B
expect not present(B, mem)
expect not present(B, smem)
read B smem+4K
expect present(B, smem)
write B smem = 5
expect value(A, smem) == 5
expect value(A, mem) == 5
write A mem+4K = 6
expect value(B, smem+4K) == 2
fork C from A
expect present(C, mem)
expect present(C, mem+4K)
expect mapcount(A, mem+4K) == 2
write C mem+4K = 7
expect value(A, mem+4K) == 6
expect value(C, mem+4K) == 7
write B smem = 8
expect value(C, mem) == 8
show refs
