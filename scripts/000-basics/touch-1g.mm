# A 1G mapping touched page by page with `for`: 262144 write faults, one new page each.
# Loops this long print a summary instead of a line per access.
# vm: skip a guest of 1 GiB cannot hold 1 GiB of touched pages besides the kernel, and TCG would take minutes
proc A
mmap buf 1G nothp
for i in 0..262144 {
  write buf + i*4K = i
}
expect value(A, buf + 12345*4K) == 12345
expect rss(A) == 1G
print stat(pgfault)
show procs
