# mmdsl fuzz finding: stat after write
# host Linux 6.18.44-fc-v1272; scenario seed 14150574167552584928 (mmdsl fuzz --seed 2026), shrunk from 89 to 6 lines in 147 tests
# print stat(thp_split_pmd)
#   simulated: 2
#   host: 0
# print stat(thp_split_pmd): simulated 2, host 0
proc A
mmap 2M at 0x0 thp
write A 0x0 = 105
fork C from A
madvise C 0x0 4K free
print stat(thp_split_pmd)

# the scenario as generated:
# mmdsl fuzz: seed 14150574167552584928
#   proc A
#   mmap 4K at 0x53f000 thp
#   print present(A, 0x53f000)
#   print pmd_mapped(A, 0x53f000)
#   fork B from A
#   print present(B, 0x53f000)
#   print swapped(B, 0x53f000)
#   munmap B 0x53f000 512K
#   print present(B, 0x53f000)
#   print order(B, 0x53f000)
#   write A 0x53f018 = 100
#   print present(A, 0x53f000)
#   print mapcount(A, 0x53f000)
#   print value(A, 0x53f000)
#   exit B
#   mprotect A 0x53f000 8K rw
#   print present(A, 0x53f000)
#   print mapcount(A, 0x53f000)
#   mmap 2M at 0x600000
#   print present(A, 0x600000)
#   print pmd_mapped(A, 0x600000)
#   write A 0x7b2000 = 101
#   print present(A, 0x7b2000)
#   print swapped(A, 0x7b2000)
#   write A 0x600000 2M = 102
#   print present(A, 0x600000)
#   print thp(A, 0x600000)
#   print value(A, 0x600000)
#   write A 0x600018 = 103
#   print present(A, 0x600000)
#   print thp(A, 0x600000)
#   print value(A, 0x600000)
#   write A 0x7cb000 = 104
#   print present(A, 0x7cb000)
#   print mapcount(A, 0x7cb000)
#   print value(A, 0x7cb000)
#   mmap 4M at 0x0 thp
#   print present(A, 0x0)
#   print order(A, 0x0)
#   write A 0x31000 = 105
#   print present(A, 0x31000)
#   print order(A, 0x31000)
#   fork C from A
#   print present(C, 0x0)
#   print anon_exclusive(C, 0x0)
#   write A 0x1dd000 1M = 106
#   print present(A, 0x1dd000)
#   print swapped(A, 0x1dd000)
#   fork D from C
#   print present(D, 0x600000)
#   print swapped(D, 0x600000)
#   print value(D, 0x600000)
#   write C 0x6f9008 = 107
#   print present(C, 0x6f9000)
#   print mapcount(C, 0x6f9000)
#   print value(A, 0x6f9008)
#   write A 0x4b000 = 108
#   print present(A, 0x4b000)
#   print thp(A, 0x4b000)
#   print value(A, 0x4b000)
#   write C 0x270008 = 109
#   print present(C, 0x270000)
#   print mapcount(C, 0x270000)
#   print value(C, 0x270000)
#   madvise A 0x200000 4K nohugepage
#   print present(A, 0x200000)
#   print mapcount(A, 0x200000)
#   madvise C 0xce000 512K free
#   print present(C, 0xce000)
#   print mapcount(C, 0xce000)
#   read A 0x200000
#   print present(A, 0x200000)
#   print pmd_mapped(A, 0x200000)
#   exit D
#   write C 0x6c018 = 110
#   print present(C, 0x6c000)
#   print pmd_mapped(C, 0x6c000)
#   write C 0x608000 64K = 111
#   print present(C, 0x608000)
#   print swapped(C, 0x608000)
#   print value(A, 0x608000)
#   write C 0x200018 = 112
#   print present(C, 0x200000)
#   print swapped(C, 0x200000)
#   print rss(A)
#   print rss(C)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
