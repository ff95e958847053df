# args: --kernel all
# tools/testing/selftests/mm/cow.c, the non-anonymous cases on the shared zero page and the huge
# zero folio: a R/O long-term pin of a page that was only read (so it maps the zero page), then a
# write; the pin must see the write. <=5.7 and 5.9-6.1 pin the zero page itself and the write
# then maps a new page: the pin is stale. 5.8 breaks COW in GUP. 6.2+ (84209e87c696) unshares a
# non-anonymous page in a COW mapping before a long-term R/O pin, so the pin holds the page the
# write will reuse. The cow.c matrix of the eras splits 5.19-6.1 (fail) from 6.2+ (pass); the
# era 5.19-6.8 is run at 6.8 here, so it passes; kernel 6.1 would fail (zero-page-ro-pin-6.1.mm).

proc A
mmap buf 4K
read buf
pin buf ro longterm
write buf = 2
let zero_page_pin_sees_write = handle(#1) == 2
expect zero_page_pin_sees_write fails on <=5.7 5.9-5.17 5.18
reset

proc A
mmap buf 2M thp
read buf
expect pmd_mapped(A, buf)
pin buf ro longterm
write buf = 2
let huge_zero_pin_sees_write = handle(#1) == 2
expect huge_zero_pin_sees_write fails on <=5.7 5.9-5.17 5.18
# host: needs zero-page
