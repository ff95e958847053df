# mmdsl fuzz finding: stat after collapse
# host Linux 6.18.44-fc-v1272; scenario seed 17853011877134235186 (mmdsl fuzz --seed 2026), shrunk from 65 to 37 lines in 400 tests
# print stat(thp_fault_alloc)
#   simulated: 0
#   host: 1
# print stat(thp_fault_alloc): simulated 0, host 1
proc A
mmap 8K at 0x135000
fork B from A
write B 0x136008 = 100
fork C from B
write A 0x136000 = 101
write C 0x135010 = 102
munmap C 0x135000 4K
print present(C, 0x135000)
mmap 2M at 0x200000
write B 0x135018 = 103
print present(B, 0x135000)
print value(B, 0x135000)
write A 0x2cc018 = 104
print present(A, 0x2cc000)
munmap C 0x136000 2M
munmap A 0x29b000 1M
print present(A, 0x29b000)
print mapcount(A, 0x29b000)
munmap C 0x60d000 64K
print present(C, 0x60d000)
print swapped(C, 0x60d000)
write B 0x136000 64K = 105
print value(A, 0x136000)
write A 0x275000 2M = 106
print present(A, 0x275000)
print thp(A, 0x275000)
print value(A, 0x275000)
collapse B 0x136000
print present(B, 0x0)
print mapcount(B, 0x0)
print rss(A)
print rss(B)
print rss(C)
print stat(pgfault)
print stat(thp_fault_alloc)
print stat(thp_split_pmd)

# the scenario as generated:
# mmdsl fuzz: seed 17853011877134235186
#   proc A
#   mmap 8K at 0x135000
#   print present(A, 0x135000)
#   print swapped(A, 0x135000)
#   fork B from A
#   print present(B, 0x135000)
#   print anon_exclusive(B, 0x135000)
#   write B 0x136008 = 100
#   print present(B, 0x136000)
#   print pmd_mapped(B, 0x136000)
#   print value(B, 0x136000)
#   fork C from B
#   print present(C, 0x136000)
#   print swapped(C, 0x136000)
#   write A 0x136000 = 101
#   print present(A, 0x136000)
#   print mapcount(A, 0x136000)
#   madvise B 0x213000 8K nohugepage
#   print present(B, 0x213000)
#   print mapcount(B, 0x213000)
#   write C 0x135010 = 102
#   print present(C, 0x135000)
#   print swapped(C, 0x135000)
#   munmap C 0x135000 4K
#   print present(C, 0x135000)
#   print mapcount(C, 0x135000)
#   mmap 2M at 0x200000
#   print present(A, 0x200000)
#   print order(A, 0x200000)
#   write B 0x135018 = 103
#   print present(B, 0x135000)
#   print swapped(B, 0x135000)
#   print value(B, 0x135000)
#   write A 0x2cc018 = 104
#   print present(A, 0x2cc000)
#   print anon_exclusive(A, 0x2cc000)
#   munmap C 0x136000 2M
#   print present(C, 0x136000)
#   print mapcount(C, 0x136000)
#   madvise C 0x2ba000 512K dontfork
#   print present(C, 0x2ba000)
#   print order(C, 0x2ba000)
#   munmap A 0x29b000 1M
#   print present(A, 0x29b000)
#   print mapcount(A, 0x29b000)
#   munmap C 0x60d000 64K
#   print present(C, 0x60d000)
#   print swapped(C, 0x60d000)
#   write B 0x136000 64K = 105
#   print present(B, 0x136000)
#   print mapcount(B, 0x136000)
#   print value(A, 0x136000)
#   write A 0x275000 2M = 106
#   print present(A, 0x275000)
#   print thp(A, 0x275000)
#   print value(A, 0x275000)
#   collapse B 0x136000
#   print present(B, 0x0)
#   print mapcount(B, 0x0)
#   print rss(A)
#   print rss(B)
#   print rss(C)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
