# KSM against the COW rules: can ksmd merging a page, a write fault on the KSM page, mlock's
# COW-breaking population, fork and long-term pins combine into a process reading another's write,
# or a pin that stops tracking its page? Every write of a sequence stores its own value, so the
# pages KSM can merge are those that fork and the setup left identical. To depth 4 the search
# finds nothing KSM adds: only what the eras already have, a R/W pin that fork breaks up to 5.8
# (no early copy of a pinned page before 5.9, 70e806e4e645), and nothing from 5.9 on;
# write_protect_page refuses a page with an extra reference, so a pinned page is never merged. Run:
#   mmdsl explore scripts/900-ideas/ksm-explore.mm
# host: skip a world for mmdsl explore: its setup has nothing to compare, the search runs in the simulator
# explore: processes A B
# explore: ops fork exit write mergeable ksm mlock pin-rw unpin
# explore: depth 4
# explore: kernel all
set memory 64M
proc A
mmap buf 4K
mmap twin 4K
write A buf = 1
write A twin = 1
