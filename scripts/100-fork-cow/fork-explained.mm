# Under trace on, fork says per VMA what dup_mmap and copy_page_range did: a VMA with no anon_vma
# (never faulted) gets no page tables (vma_needs_copy), MADV_DONTFORK is not copied, MADV_WIPEONFORK
# is empty in the child, and with MMF_HAS_PINNED the pinned pages are copied at once.
proc A
mmap fresh 16K at 0x0
mmap used 16K at 0x100000
mmap secret 4K at 0x200000
mmap wiped 4K at 0x300000
write used 16K
write secret
write wiped
madvise secret 4K dontfork
madvise wiped 4K wipeonfork
pin A used 8K rw longterm
trace on
fork B
trace off
show maps B
expect pfn(B, used) != pfn(A, used) and value(B, used) == 1
expect pfn(B, used + 8K) == pfn(A, used + 8K)
