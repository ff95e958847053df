# args: --kernel all
# host: needs swap
# tools/testing/selftests/mm/cow.c, anonymous test cases on a swapped-out base page.
# One row per case, named after the selftest; "pass" is the selftest's PASS. Cases 10, 12 and 14
# (the GUP-fast variants) decide as 9, 11 and 13 here. docs/eras.md has the eras'
# rules the expected matrix follows from.

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c01_basic_cow.mm"
expect c01_basic_cow

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c02_basic_cow_mprotect.mm"
expect c02_basic_cow_mprotect

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c03_vmsplice_unmap_child.mm"
expect c03_vmsplice_unmap_child fails on <=5.7 5.9-5.17

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c04_vmsplice_unmap_child_mprotect.mm"
expect c04_vmsplice_unmap_child_mprotect fails on <=5.7 5.9-5.17

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c05_vmsplice_before_fork.mm"
expect c05_vmsplice_before_fork fails on <=5.7 5.8

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c06_vmsplice_unmap_parent.mm"
expect c06_vmsplice_unmap_parent fails on <=5.7

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c07_iouring_ro_mapped.mm"
expect c07_iouring_ro_mapped fails on 5.9-5.17 5.18

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c08_iouring_fork.mm"
expect c08_iouring_fork fails on <=5.7 5.8

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c09_ro_pin_shared.mm"
expect c09_ro_pin_shared fails on <=5.7 5.9-5.17 5.18

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c11_ro_pin_previously_shared.mm"
expect c11_ro_pin_previously_shared fails on 5.9-5.17 5.18

reset
include "lib/setup-swapped-base-page.mm"
include "lib/c13_ro_pin_exclusive.mm"
expect c13_ro_pin_exclusive fails on 5.9-5.17 5.18
