# args: --kernel all
# host: needs swap
# tools/testing/selftests/mm/cow.c, anonymous test cases on a swapped-out, PTE-mapped 64K multi-size THP.
# One row per case, named after the selftest; cases 10, 12 and 14 (GUP-fast) decide as 9, 11
# and 13. Multi-size THP is 6.8+: before, `set thp.64K` is ignored, the backing is base pages
# (the mthp row fails as stated) and the cases decide as on base-page.mm. cow.c runs every size
# from 16K to 1M; 64K stands for them here.

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c01_basic_cow.mm"
expect c01_basic_cow

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c02_basic_cow_mprotect.mm"
expect c02_basic_cow_mprotect

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c03_vmsplice_unmap_child.mm"
expect c03_vmsplice_unmap_child fails on <=5.7 5.9-5.17

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c04_vmsplice_unmap_child_mprotect.mm"
expect c04_vmsplice_unmap_child_mprotect fails on <=5.7 5.9-5.17

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c05_vmsplice_before_fork.mm"
expect c05_vmsplice_before_fork fails on <=5.7 5.8

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c06_vmsplice_unmap_parent.mm"
expect c06_vmsplice_unmap_parent fails on <=5.7

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c07_iouring_ro_mapped.mm"
expect c07_iouring_ro_mapped fails on 5.9-5.17 5.18

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c08_iouring_fork.mm"
expect c08_iouring_fork fails on <=5.7 5.8

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c09_ro_pin_shared.mm"
expect c09_ro_pin_shared fails on <=5.7 5.9-5.17 5.18

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c11_ro_pin_previously_shared.mm"
expect c11_ro_pin_previously_shared fails on 5.9-5.17 5.18

reset
include "lib/setup-swapped-mthp-pte.mm"
expect mthp fails on <=5.7 5.8 5.9-5.17 5.18
include "lib/c13_ro_pin_exclusive.mm"
expect c13_ro_pin_exclusive fails on 5.9-5.17 5.18
