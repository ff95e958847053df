# A private mapping of a memfd (shmem) and copy-on-write. A read fault maps the page-cache page
# read-only (do_read_fault), and maps what the page cache already holds around it (do_fault_around:
# the aligned 64K window, within the VMA, the page table and the file). A write to such a page copies it into a new
# anonymous page (do_wp_page: not anon -> wp_page_copy); a write where nothing is mapped copies
# straight from the page cache (do_cow_fault) without mapping it. The page cache never changes
# through a private mapping: pread and a shared mapping still see the file. A pwrite after the
# copy is seen through the page-cache pages still mapped, not through the copy. Past the end of
# the file an access is SIGBUS.
kernel 6.18
proc A
memfd f 64K
pwrite f 0 = 10
pwrite f 4K = 11
pwrite f 8K = 12
pwrite f 48K = 13
mmap mem 128K memfd f
read mem
expect present(A, mem+4K)
expect present(A, mem+8K)
expect not present(A, mem+12K)
expect present(A, mem+48K)
expect mapcount(A, mem+4K) == 1
write mem+4K = 21
expect value(A, mem+4K) == 21
pread f 4K
write mem+16K = 22
expect not present(A, mem+20K)
pread f 16K
pwrite f 0 = 30
pwrite f 4K = 31
expect value(A, mem) == 30
expect value(A, mem+4K) == 21
read mem+64K
write mem+64K = 1
mmap smem 64K memfd f shared
read smem+8K
expect value(A, smem+4K) == 31
expect value(A, smem+16K) == 0
expect mapcount(A, mem+8K) == 2
show refs
