# args: --full
# fork-pinned-pages.mm with --full: one line per page fork copied.
proc A
mmap buf 16K
write buf 16K
pin A buf 16K rw longterm
fork B
expect pfn(B, buf) != pfn(A, buf)
