# args: --kernel all
# tools/testing/selftests/mm/cow.c, the anonymous THP cases ("Collapsing after fork()"): a PMD
# THP made PTE-mapped, collapsed again with MADV_COLLAPSE before or after fork() shared it, in
# whole or in half, then written by the parent; the child must keep the old data. cow.c skips a
# case whose collapse fails; here the collapse is a row of its own (cNN_collapsed) and the COW
# row says what the child reads either way.
# MADV_COLLAPSE is 6.1+: before, it is EINVAL and nothing collapses. Before 6.18 a collapse needs
# at least one writable PTE in the range (else SCAN_PAGE_RO), and fork has write-protected them
# all: the fully shared case is EINVAL on 6.1 and 6.12 (as their cow.c runs report), while 6.18
# collapses it. In every era the child keeps its data.

reset
include "lib/setup-pmd-thp.mm"
include "lib/c15_collapse_unshared.mm"
expect c15_collapsed fails on <=5.7 5.8 5.9-5.17 5.18
expect c15_collapse_unshared

reset
include "lib/setup-pmd-thp.mm"
include "lib/c16_collapse_fully_shared.mm"
expect c16_collapsed fails on <=5.7 5.8 5.9-5.17 5.18 5.19-6.8 6.9-6.14
expect c16_collapse_fully_shared

reset
include "lib/setup-pmd-thp.mm"
include "lib/c17_collapse_lower_shared.mm"
expect c17_collapsed fails on <=5.7 5.8 5.9-5.17 5.18
expect c17_collapse_lower_shared

reset
include "lib/setup-pmd-thp.mm"
include "lib/c18_collapse_upper_shared.mm"
expect c18_collapsed fails on <=5.7 5.8 5.9-5.17 5.18
expect c18_collapse_upper_shared
