# args: --kernel all
# the cow eras (docs/eras.md): a R/W pinned page (an io_uring fixed buffer), fork with the child
# alive, the parent writes, the device writes. <=5.8: the parent's write copies the page away
# from the pin: DMA and the page table diverge (MADV_DONTFORK was the workaround). 5.9+: fork
# gives the child its own copy at once; the parent keeps the pinned page, writable.
proc A
mmap buf 4K
write buf = 1
pin buf rw longterm
fork B
write A buf = 2
write #1 = 3
let device_and_parent_agree = value(A, buf) == 3
expect device_and_parent_agree fails on <=5.7 5.8
expect value(B, buf) == 1 fails on <=5.7 5.8
print pfn(A, buf) == pfn(B, buf)
