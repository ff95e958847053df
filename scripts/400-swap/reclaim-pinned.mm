# args: --kernel all
# host: needs swap
# host: skip 'reclaim' (global reclaim of anonymous memory) has no user-space equivalent, and every row follows it
# Reclaim of a pinned page. Before 5.11 a pinned page enters the swap cache and is unmapped
# (the pin's reference keeps the page in the swap cache). 5.11 (feb889fb40fa) keeps maybe-pinned
# pages out of the swap cache; 5.19+ would also refuse at unmap time, because
# folio_try_share_anon_rmap_pte fails for a pinned exclusive page.
# The representative of 5.9-5.17 is 5.17, which has the 5.11 rule; reclaim-pinned-5.10.mm runs
# 5.10 and 5.11 side by side.
proc A
mmap buf 4K
write buf = 1
pin buf rw longterm
reclaim
let pinned_page_swapped = swapped(A, buf)
print pinned_page_swapped
write #1 = 5
expect value(A, buf) == 5
