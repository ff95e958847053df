# host: skip each part names its own kernel; mremap-overlap-einval.mm and mremap-multi-vma.mm compare the real one
# mremap's VMA lookup by version, as 5.10.223, 6.1.176, 6.12.117 and 6.18 answered: a shrink in
# place of an unmapped range succeeds before 5.16 (no lookup at all); from 5.16 (550a7d60bd5e) to
# 6.16 the lookup comes before the target checks, so an overlapping target over nothing is EFAULT;
# 6.17 (3215eaceca87) checks the parameters first again (EINVAL).
kernel 5.10.223
proc A
mremap A 0x0 8K 4K
mremap A 0x0 4K 4K to 0x0
reset
kernel 6.1.176
proc A
mremap A 0x0 8K 4K
mremap A 0x0 4K 4K to 0x0
reset
kernel 6.18
proc A
mremap A 0x0 8K 4K
mremap A 0x0 4K 4K to 0x0
