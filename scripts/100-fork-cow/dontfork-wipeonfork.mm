# MADV_DONTFORK leaves a hole in the child; MADV_WIPEONFORK gives the child fresh zero memory;
# the parent keeps its pages either way.
proc A
mmap keep 4K
mmap gone 4K dontfork
mmap wiped 4K wipeonfork
write keep = 1
write gone = 2
write wiped = 3
fork B
show maps B
expect value(B, keep) == 1
expect value(B, wiped) == 0
expect value(A, wiped) == 3 and value(A, gone) == 2
write B gone = 9
expect not present(B, gone)
madvise A keep 4K dontfork
madvise A wiped 4K keeponfork
fork C
show maps C
expect value(C, wiped) == 3
