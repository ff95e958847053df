# mmdsl fuzz finding: thp after write
# host Linux 6.18.44-fc-v1272; scenario seed 16340347062269632528 (mmdsl fuzz --seed 2026), shrunk from 66 to 9 lines in 188 tests
# print thp(B, 0x400000)
#   simulated: true
#   host: false
# print thp(B, 0x400000): simulated true, host false
set thp always
proc A
fork B from A
use B
mmap 1M at 0x122000
write B 0x180018 = 101
mremap B 0x12b000 4K 2M
write B 0x400000 = 104
print thp(B, 0x400000)

# the scenario as generated:
# mmdsl fuzz: seed 16340347062269632528
#   set thp always
#   proc A
#   mmap 16K at 0x3bf000 thp
#   print present(A, 0x3bf000)
#   print mapcount(A, 0x3bf000)
#   fork B from A
#   print present(B, 0x3c0000)
#   print thp(B, 0x3c0000)
#   use B
#   mmap 1M at 0x122000
#   print present(B, 0x122000)
#   print mapcount(B, 0x122000)
#   write A 0x3c2018 = 100
#   print present(A, 0x3c2000)
#   print mapcount(A, 0x3c2000)
#   munmap A 0x3c2000 16K
#   print present(A, 0x3c2000)
#   print mapcount(A, 0x3c2000)
#   write B 0x180018 = 101
#   print present(B, 0x180000)
#   print order(B, 0x180000)
#   mremap B 0x1b8000 4K 4K
#   print present(B, 0x1b8000)
#   print pmd_mapped(B, 0x1b8000)
#   mremap A 0x3bf000 2M 4K to 0x200000
#   print present(A, 0x3bf000)
#   print pmd_mapped(A, 0x3bf000)
#   collapse A 0xc3000
#   print present(A, 0x0)
#   print anon_exclusive(A, 0x0)
#   write A 0x14d018 = 102
#   print present(A, 0x14d000)
#   print pmd_mapped(A, 0x14d000)
#   mremap B 0x12b000 64K 2M
#   print present(B, 0x12b000)
#   print pmd_mapped(B, 0x12b000)
#   mprotect A 0x2bb000 1M rw
#   print present(A, 0x2bb000)
#   print order(A, 0x2bb000)
#   write A 0xe9018 = 103
#   print present(A, 0xe9000)
#   print anon_exclusive(A, 0xe9000)
#   mmap 4M at 0x400000 thp
#   print present(B, 0x400000)
#   print anon_exclusive(B, 0x400000)
#   madvise A 0x16d000 16K willneed
#   print present(A, 0x16d000)
#   print pmd_mapped(A, 0x16d000)
#   write B 0x500000 = 104
#   print present(B, 0x500000)
#   print anon_exclusive(B, 0x500000)
#   print value(B, 0x500000)
#   write B 0x53c018 = 105
#   print present(B, 0x53c000)
#   print thp(B, 0x53c000)
#   write A 0xff010 = 106
#   print present(A, 0xff000)
#   print mapcount(A, 0xff000)
#   munmap B 0x544000 2M
#   print present(B, 0x544000)
#   print anon_exclusive(B, 0x544000)
#   print rss(A)
#   print rss(B)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
