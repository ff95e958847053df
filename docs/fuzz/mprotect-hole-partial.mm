# mmdsl fuzz finding: rss after mprotect none
# host Linux 6.18.44-fc-v1272; scenario seed 11883464073091143575 (mmdsl fuzz --seed 2026), shrunk from 28 to 6 lines in 114 tests
# print rss(C)
#   simulated: 4096
#   host: 0
# print rss(C): simulated 4096, host 0
proc A
mmap 4K at 0x0
mprotect A 0x0 8K ro
fork C from A
write C 0x0 4K = 100
print rss(C)

# the scenario as generated:
# mmdsl fuzz: seed 11883464073091143575
#   proc A
#   mmap 8K at 0xb000
#   print present(A, 0xb000)
#   print pmd_mapped(A, 0xb000)
#   mprotect A 0xc000 2M ro
#   print present(A, 0xc000)
#   print anon_exclusive(A, 0xc000)
#   fork B from A
#   print present(B, 0xb000)
#   print anon_exclusive(B, 0xb000)
#   fork C from A
#   print present(C, 0xb000)
#   print thp(C, 0xb000)
#   write C 0xb000 2M = 100
#   print present(C, 0xb000)
#   print anon_exclusive(C, 0xb000)
#   mremap C 0xb000 4K 1M
#   print present(C, 0xb000)
#   print swapped(C, 0xb000)
#   mprotect C 0x730000 64K none
#   print present(C, 0x730000)
#   print mapcount(C, 0x730000)
#   print rss(A)
#   print rss(B)
#   print rss(C)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
