# cow.c backing: a PMD-mapped THP.
proc A
mmap buf 2M thp
write buf 2M = 1
let size = 2M
expect pmd_mapped(A, buf)
