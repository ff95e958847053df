# Growing a range that does not end where its VMA ends cannot grow in place (mremap_to():
# vma_expandable() is asked only when old_len reaches vm_end): with MREMAP_MAYMOVE the kernel
# moves it. The simulator moves it to the lowest free range, 0x2000, and the host names that range
# with MREMAP_FIXED (it let the kernel pick an address outside the script's space before).
proc A
mmap 8K at 0x0
write A 0x0 = 1
mremap A 0x0 4K 8K
expect present(A, 0x2000)
expect value(A, 0x2000) == 1
expect not present(A, 0x3000)
expect not present(A, 0x0)
show maps
