# host: skip a benchmark of the simulator: 1 Mi pages written twice, one agent round trip each, take minutes on the host
# The budget workload end to end: 1 Mi untouched 4K pages written once, a fork, and every page
# written again in the child (1 Mi COW copies).
proc A
mmap buf 4G nothp
write buf 4G
fork B
write B buf 4G
expect stat(cow_copy) == 1048576
