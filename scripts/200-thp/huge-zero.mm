# args: --kernel all
# host: needs zero-page
# A read fault in a THP-eligible range maps the huge zero folio by a read-only PMD. The first
# write: <=5.7 and 6.13+ allocate a fresh THP (do_huge_zero_wp_pmd); 5.8-6.12 split the PMD
# into 512 zero-page PTEs and allocate one 4K page.
proc A
mmap buf 2M thp
read buf
expect pmd_mapped(A, buf) and pfn(A, buf) == 0x200
write buf + 4K = 1
let write_made_thp = pmd_mapped(A, buf)
print write_made_thp
expect value(A, buf + 4K) == 1 and value(A, buf) == 0
