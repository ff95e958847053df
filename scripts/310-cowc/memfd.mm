# args: --kernel all
# tools/testing/selftests/mm/cow.c, the non-anonymous cases on a memfd: a private mapping MEM of
# the memfd and a shared one SMEM of the same file, both faulted in by reading (the private one
# maps the page-cache page read-only).
# "Basic COW": a write to MEM copies the page-cache page into a new anonymous page
# (do_wp_page: not anon, so wp_page_copy); SMEM and the file keep the old contents. Every era.
# "R/O longterm GUP pin" (and the GUP-fast variant, which decides the same here): a R/O long-term
# pin of MEM, then a write to MEM; the pin must see the write. <=5.7 and 5.9-6.1 pin the
# page-cache page itself, and the write then copies away from it: the pin is stale. 5.8 breaks COW
# in GUP. 6.2+ (84209e87c696, "mm/gup: reliable R/O long-term pinning in COW mappings") unshares a
# non-anonymous page of a COW mapping first, so the pin holds the anonymous copy the write then
# reuses. The era 5.19-6.8 runs at 6.8 here; memfd-ro-pin-6.2.mm shows the 6.1/6.2 boundary.

proc A
memfd f 4K
pwrite f 0 = 1
mmap mem 4K memfd f
mmap smem 4K memfd f shared
read mem
read smem
expect pfn(A, mem) == pfn(A, smem)
write mem = 2
let basic_cow = value(A, mem) == 2 and value(A, smem) == 1
expect basic_cow
pread f 0
reset

proc A
memfd f 4K
pwrite f 0 = 1
mmap mem 4K memfd f
mmap smem 4K memfd f shared
read mem
read smem
pin mem ro longterm
write mem = 2
let ro_longterm_pin_sees_write = handle(#1) == 2
expect ro_longterm_pin_sees_write fails on <=5.7 5.9-5.17 5.18
expect value(A, smem) == 1
