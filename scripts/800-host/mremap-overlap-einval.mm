# mremap to an address whose new range overlaps the old one is EINVAL, checked before the old
# range's VMA is looked up (check_mremap_params; mremap_to before 6.17): with nothing mapped there
# the answer is still EINVAL, not EFAULT. The overlap is measured with the old length, before a
# shrink: 8K at 0x0 shrunk to 4K at 0x1000 overlaps. A target that does not overlap gets EFAULT.
# From 5.16 (550a7d60bd5e) to 6.16 the VMA was looked up first: the first line is EFAULT there
# (6.1.176 and 6.12 in a virtual machine say so); 5.10 and 6.17+ answer EINVAL.
proc A
mremap A 0x0 4K 4K to 0x0
mremap A 0x0 4K 8K to 0x1000
mmap 8K at 0x0
write A 0x0 8K = 1
mremap A 0x0 8K 4K to 0x1000
mremap A 0x0 4K 4K to 0x1000
print present(A, 0x0)
print value(A, 0x1000)
mremap A 0x1000 4K 4K to 0x400000
expect value(A, 0x400000) == 1
