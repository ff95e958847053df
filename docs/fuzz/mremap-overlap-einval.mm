# mmdsl fuzz finding: outcome of mremap after mremap to
# host Linux 6.18.44-fc-v1272; scenario seed 939889034928417229 (mmdsl fuzz --seed 2026), shrunk from 60 to 3 lines in 61 tests
# mremap B 0x0 4K 4K to 0x0
#   simulated: EFAULT
#   host: EINVAL
# mremap B 0x0 4K 4K to 0x0: simulated EFAULT, host EINVAL
proc A
fork B from A
mremap B 0x0 4K 4K to 0x0

# the scenario as generated:
# mmdsl fuzz: seed 939889034928417229
#   proc A
#   mmap 64K at 0x430000 thp
#   print present(A, 0x430000)
#   print thp(A, 0x430000)
#   fork B from A
#   print present(B, 0x432000)
#   print thp(B, 0x432000)
#   write A 0x12000 = 100
#   print present(A, 0x12000)
#   print mapcount(A, 0x12000)
#   mremap B 0x437000 2M 16K to 0x200000
#   print present(B, 0x437000)
#   print pmd_mapped(B, 0x437000)
#   collapse B 0x434000
#   print present(B, 0x400000)
#   print order(B, 0x400000)
#   use B
#   mmap 64K at 0x2c7000
#   print present(B, 0x2c7000)
#   print swapped(B, 0x2c7000)
#   write A 0x132000 64K = 101
#   print present(A, 0x132000)
#   print order(A, 0x132000)
#   munmap B 0x2d1000 64K
#   print present(B, 0x2d1000)
#   print swapped(B, 0x2d1000)
#   madvise B 0x432000 16K willneed
#   print present(B, 0x432000)
#   print order(B, 0x432000)
#   madvise A 0x43e000 1M cold
#   print present(A, 0x43e000)
#   print anon_exclusive(A, 0x43e000)
#   write B 0x2ce010 = 102
#   print present(B, 0x2ce000)
#   print mapcount(B, 0x2ce000)
#   collapse A 0x438000
#   print present(A, 0x400000)
#   print swapped(A, 0x400000)
#   mprotect B 0x2cc000 2M none
#   print present(B, 0x2cc000)
#   print anon_exclusive(B, 0x2cc000)
#   write A 0x43d000 4K = 103
#   print present(A, 0x43d000)
#   print thp(A, 0x43d000)
#   print value(A, 0x43d000)
#   mremap A 0x36f000 8K 1M to 0x600000
#   print present(A, 0x36f000)
#   print mapcount(A, 0x36f000)
#   write A 0x4b6010 = 104
#   print present(A, 0x4b6000)
#   print mapcount(A, 0x4b6000)
#   set thp never
#   mremap B 0x2c7000 64K 1M
#   print present(B, 0x2c7000)
#   print order(B, 0x2c7000)
#   print rss(A)
#   print rss(B)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
