# mmdsl fuzz finding: outcome of collapse after collapse
# host Linux 6.18.44-fc-v1272; scenario seed 12918729931576448021 (mmdsl fuzz --seed 2026), shrunk from 90 to 7 lines in 155 tests
# collapse D 0x0
#   simulated: ENOMEM
#   host: EINVAL
# collapse D 0x0: simulated ENOMEM, host EINVAL
proc A
fork B from A
fork C from B
fork D from C
use D
mmap 4M at 0x1000
collapse D 0x0

# the scenario as generated:
# mmdsl fuzz: seed 12918729931576448021
#   proc A
#   mmap 2M at 0x0 thp
#   print present(A, 0x0)
#   print pmd_mapped(A, 0x0)
#   write A 0x1be010 = 100
#   print present(A, 0x1be000)
#   print swapped(A, 0x1be000)
#   print value(A, 0x1be000)
#   mremap A 0x38000 2M 512K
#   print present(A, 0x38000)
#   print thp(A, 0x38000)
#   fork B from A
#   print present(B, 0x0)
#   print swapped(B, 0x0)
#   fork C from B
#   print present(C, 0x1d000)
#   print order(C, 0x1d000)
#   write C 0xd008 = 101
#   print present(C, 0xd000)
#   print swapped(C, 0xd000)
#   mprotect B 0x1d000 64K rw
#   print present(B, 0x1d000)
#   print thp(B, 0x1d000)
#   fork D from C
#   print present(D, 0x22000)
#   print thp(D, 0x22000)
#   use C
#   mmap 16K at 0x750000 thp
#   print present(C, 0x750000)
#   print mapcount(C, 0x750000)
#   write D 0x29000 512K = 102
#   print present(D, 0x29000)
#   print anon_exclusive(D, 0x29000)
#   print value(D, 0x29000)
#   mmap 8K at 0x67a000 ro
#   print present(C, 0x67a000)
#   print mapcount(C, 0x67a000)
#   munmap D 0x1c000 1M
#   print present(D, 0x1c000)
#   print swapped(D, 0x1c000)
#   munmap A 0x36000 2M
#   print present(A, 0x36000)
#   print order(A, 0x36000)
#   use A
#   mmap 64K at 0x4ee000 nothp
#   print present(A, 0x4ee000)
#   print anon_exclusive(A, 0x4ee000)
#   mremap B 0x0 16K 1M to 0x40b000
#   print present(B, 0x0)
#   print anon_exclusive(B, 0x0)
#   write D 0xd010 = 103
#   print present(D, 0xd000)
#   print swapped(D, 0xd000)
#   print value(C, 0xd010)
#   write D 0x4018 = 104
#   print present(D, 0x4000)
#   print mapcount(D, 0x4000)
#   use B
#   mmap 8K at 0x659000 ro
#   print present(B, 0x659000)
#   print anon_exclusive(B, 0x659000)
#   madvise C 0x0 64K dontneed
#   print present(C, 0x0)
#   print mapcount(C, 0x0)
#   munmap B 0x65a000 4K
#   print present(B, 0x65a000)
#   print pmd_mapped(B, 0x65a000)
#   munmap B 0x659000 2M
#   print present(B, 0x659000)
#   print anon_exclusive(B, 0x659000)
#   mprotect D 0x13000 8K rw
#   print present(D, 0x13000)
#   print anon_exclusive(D, 0x13000)
#   use D
#   mmap 4M at 0x344000 thp
#   print present(D, 0x344000)
#   print swapped(D, 0x344000)
#   write A 0xf4018 = 105
#   print present(A, 0xf4000)
#   print anon_exclusive(A, 0xf4000)
#   collapse D 0x382000
#   print present(D, 0x200000)
#   print thp(D, 0x200000)
#   print rss(A)
#   print rss(B)
#   print rss(C)
#   print rss(D)
#   print stat(pgfault)
#   print stat(thp_fault_alloc)
#   print stat(thp_split_pmd)
