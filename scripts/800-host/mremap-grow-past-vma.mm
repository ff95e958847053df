# Growing an mremap range that runs past its VMA's end is EFAULT (check_prep_vma: old_len larger
# than vm_end - addr), whether or not the space after is free. The host backend moves a growing
# range to the simulator's address with MREMAP_FIXED only when it lies inside its VMA: with a
# target named, the kernel would answer the overlap's EINVAL instead. The range that ends at
# the VMA's end grows in place; the 8K inside it then moves to the first free 512K, 0x210000.
proc A
mmap 2M at 0x0
write A 0x1de000 = 1
fork B from A
mremap B 0x1de000 256K 512K
mremap B 0x1f0000 64K 128K
mremap B 0x1de000 8K 512K
expect value(B, 0x210000) == 1 and value(A, 0x1de000) == 1
