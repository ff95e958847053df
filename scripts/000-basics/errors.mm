# What the kernel refuses: the errno is printed and nothing changes. An access outside any
# mapping, or a write to a read-only mapping, is a SIGSEGV; the script goes on.
proc A
mmap buf 8K
mmap rdonly 4K ro
munmap buf+1 4K
mprotect 0x40000000 4K ro
mmap 4K at buf
mremap 0x40000000 4K 8K
write 0x40000000 = 1
write rdonly = 1
read rdonly
madvise buf 4K wipeonfork
mmap sh 4K shared
madvise sh 4K wipeonfork
show maps
check
