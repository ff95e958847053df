# mremap over a range made of several VMAs (here split by mprotect):
# - MREMAP_FIXED with old_len == new_len moves each VMA to the target plus its offset, keeping the
#   gaps between them (remap_move, d23cb648e365, 6.17); a gap at the start is EFAULT, one at the end
#   is allowed. Before 6.17 the range had to lie in one VMA (EFAULT).
# - Shrinking in place only unmaps the tail: the one-VMA check (check_prep_vma) applies only when
#   a new range is mapped (a move or a growth), in every era. Before 5.16 (550a7d60bd5e) a shrink
#   in place never looked for a VMA at all: on 5.10 the shrink below succeeds on an unmapped range
#   (there, the first move failed and left nothing at 0x400000).
proc A
mmap 16K at 0x0
mmap 4K at 0x5000
write A 0x0 16K = 1
write A 0x5000 = 5
mprotect A 0x1000 4K ro
mremap A 0x0 24K 24K to 0x400000
expect not present(A, 0x0) and not present(A, 0x5000)
expect value(A, 0x400000) == 1 and value(A, 0x401000) == 1 and value(A, 0x403000) == 1
expect value(A, 0x405000) == 5
expect not present(A, 0x404000)
show maps
mremap A 0x400000 16K 8K
expect present(A, 0x400000) and not present(A, 0x402000)
# Growing across the ro VMA needs one VMA: EFAULT.
mremap A 0x400000 8K 16K
# A gap at the start of a move: EFAULT.
mremap A 0x3000 8K 8K to 0x600000
# A move that also shrinks checks only the part it keeps (check_prep_vma lets the unmapped tail
# cross VMAs): 16K over the rw and ro VMAs, shrunk to the first 4K, moves.
mremap A 0x400000 16K 4K to 0x600000
expect value(A, 0x600000) == 1 and not present(A, 0x400000)
