# host: needs zero-page
# A read fault on untouched anonymous memory maps the shared zero page: no page is allocated,
# no refcount or mapcount moves. The first write replaces it with a new zeroed page.
proc A
mmap buf 16K nothp
read buf
expect pfn(A, buf) == 0x100
expect mapcount(A, buf) == 0
expect not writable(A, buf)
print stat(zero_map)
show ptes
write buf = 7
expect pfn(A, buf) != 0x100
expect writable(A, buf) and anon_exclusive(A, buf)
expect value(A, buf) == 7
expect value(A, buf + 8) == 0
show refs
print stat(pgfault)
print stat(cow_copy)
