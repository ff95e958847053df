# args: --kernel all
# host: needs swap
# cow.c's "vmsplice() + unmap in parent after fork()" with one difference: the page is still
# swapped out when the process forks (cow.c reads it back in first, lib/c06 of 310-cowc does too).
# fork copies only the swap entry (swap_duplicate). The parent's vmsplice swaps the page in with a
# read fault and takes a reference to it; the parent unmaps. The child's write then swaps in from
# the swap cache, and before 5.18 do_swap_page reuses when reuse_swap_page counts one user, which
# counts mappings and swap references, not the pipe's reference: the child writes into the page
# the pipe holds. 5.8 passes because its GUP broke COW even for reads (17839856fd58); 5.18 reuses
# only an exclusive folio (c145e0b47c77, do_swap_page). Checked in a 5.10.223 virtual machine.
proc A
mmap buf 4K
write buf = 1
swapout A buf 4K
fork B
vmsplice A buf 4K
munmap A buf 4K
write B buf = 2
expect handle(#1) == 1 fails on <=5.7 5.9-5.17
