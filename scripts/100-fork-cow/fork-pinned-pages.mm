# fork copies pinned pages at once (copy_present_page: PageAnonExclusive && folio_needs_cow_for_dma).
# Four consecutive pages copied for one reason are one line with the ranges; --full prints each
# (fork-pinned-pages-full.mm).
proc A
mmap buf 16K
write buf 16K
pin A buf 16K rw longterm
fork B
expect pfn(B, buf) != pfn(A, buf)
