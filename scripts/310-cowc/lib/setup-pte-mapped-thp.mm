# cow.c backing: a PTE-mapped THP (mprotect of one subpage and back).
proc A
mmap buf 2M thp
write buf 2M = 1
let size = 2M
mprotect buf+4K 4K ro
mprotect buf+4K 4K rw
expect thp(A, buf) and not pmd_mapped(A, buf)
