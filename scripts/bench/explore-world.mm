# The world of the explore budget (issue: "depth 6 over 2 processes, one 4K and one 2M mapping and
# the alphabet above, in every era"): every operation of mmdsl explore, on page 0 of a 4K mapping
# and of a PMD-mapped THP. Measured in BENCHMARKS.md ("Exhaustive exploration"):
#   mmdsl explore scripts/bench/explore-world.mm --kernel all --depth N --no-run
# host: skip a world for mmdsl explore, measured in the simulator; its setup has nothing to compare
# explore: processes A B
# explore: depth 6
set memory 64M
proc A
mmap small 4K
mmap big 2M thp
write A small = 1
write A big = 2
