# A page with a reference that is not a mapping (here a long-term R/W pin) is not merged:
# write_protect_page finds page_count != mapcount + swapcache and gives up, since the pin's
# holder may write to it behind the page tables. The unpinned identical page stays private.
kernel 6.18
proc A
mmap buf 4K
madvise buf 4K mergeable
write buf = 7
pin buf 4K rw longterm
proc B
mmap buf 4K
madvise buf 4K mergeable
write buf = 7
ksm
expect not ksm(A, buf)
expect not ksm(B, buf)
expect stat(ksm_pages_shared) == 0
unpin #1
ksm
expect ksm(A, buf)
expect ksm(B, buf)
check
