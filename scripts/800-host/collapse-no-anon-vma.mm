# host: needs collapse
# MADV_COLLAPSE refuses an anonymous VMA that has no anon_vma yet (nothing ever faulted in it) with
# EINVAL before it scans anything: __thp_vma_allowable_orders allows such a VMA only in the fault
# path and for smaps. This holds even for a range that starts in a hole below the VMA and holds no
# whole 2M of it, which once the VMA has an anon_vma is madvise's ENOMEM for the hole.
proc A
mmap buf 4M at 0x1000
collapse A 0x0
collapse A 0x200000
write buf = 1
collapse A 0x0
write A 0x200000 = 2
collapse A 0x200000
print pmd_mapped(A, 0x200000)
expect value(A, 0x200000) == 2 and value(A, buf) == 1
