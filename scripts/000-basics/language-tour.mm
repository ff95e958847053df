# The opening script of docs/language.md, with the comparison at the address the parent wrote.
kernel 6.18
proc A
mmap buf 2M thp
write A buf            # fault in a PMD-mapped THP
fork B
write A buf+0x1000     # parent writes: what happens to the huge page?
show refs
expect pmd_mapped(B, buf)
expect value(B, buf+0x1000) != value(A, buf+0x1000)   # private memory stays private
expect value(B, buf) == value(A, buf)                 # what nobody wrote since fork is still shared
