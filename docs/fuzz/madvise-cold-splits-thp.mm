# mmdsl fuzz finding: thp after madvise cold
# host Linux 6.18.44-fc-v1272; scenario seed 12792220282993946775 (mmdsl fuzz --seed 2026), shrunk from 46 to 5 lines in 182 tests
# print thp(A, 0x200000)
#   simulated: true
#   host: false
# print thp(A, 0x200000): simulated true, host false
proc A
mmap 4M at 0x0 thp
write A 0x200000 = 101
madvise A 0x200000 4K cold
print thp(A, 0x200000)

# the scenario as generated:
# mmdsl fuzz: seed 12792220282993946775
#   proc A
#   mmap 2M at 0x0
#   print present(A, 0x0)
#   print anon_exclusive(A, 0x0)
#   fork B from A
#   print present(B, 0x1a9000)
#   print pmd_mapped(B, 0x1a9000)
#   write A 0x16c008 = 100
#   print present(A, 0x16c000)
#   print swapped(A, 0x16c000)
#   print value(A, 0x16c000)
#   mprotect A 0x136000 1M ro
#   print present(A, 0x136000)
#   print thp(A, 0x136000)
#   mmap 4M at 0x400000 thp
#   print present(A, 0x400000)
#   print thp(A, 0x400000)
#   fork C from B
#   print present(C, 0x1b1000)
#   print anon_exclusive(C, 0x1b1000)
#   fork D from C
#   print present(D, 0x0)
#   print thp(D, 0x0)
#   exit C
#   write A 0x600010 = 101
#   print present(A, 0x600000)
#   print order(A, 0x600000)
#   print value(A, 0x600000)
#   madvise A 0x1a000 1M dontneed
#   print present(A, 0x1a000)
#   print swapped(A, 0x1a000)
#   mremap B 0x74a000 8K 8K
#   print present(B, 0x74a000)
#   print order(B, 0x74a000)
#   madvise A 0x76a000 64K cold
#   print present(A, 0x76a000)
#   print thp(A, 0x76a000)
#   write D 0x0 16K = 102
#   print present(D, 0x0)
#   print thp(D, 0x0)
#   print rss(A)
#   print rss(B)
#   print rss(D)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
