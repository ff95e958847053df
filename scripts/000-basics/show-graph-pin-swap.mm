# host: needs swap
# show graph of a pinned page and a swapped page: a pin adds 1024 to a small folio's refcount
# (GUP_PIN_COUNTING_BIAS) and is listed among the references that are not mappings; a swap
# entry leads to its slot, and while the page is still in the swap cache, to the folio there.
kernel 6.18
proc A
mmap buf 16K
write A buf 16K
pin A buf+4K rw longterm
swapout A buf+8K
show graph
fork B
show graph B
read B buf+8K
show graph --dot
expect swapped(A, buf+8K)
expect not swapped(B, buf+8K)
