# exit: 1
# An expect { } that fails on purpose: the script prints where and goes on, and exits with 1.
proc A
mmap buf 2M thp
write A buf
fork B
expect { Proc("A").PmdMapped(Var("buf")) }
write A buf + 0x1000
# The write split A's PMD mapping: this expectation fails.
expect {
    Proc("A").PmdMapped(Var("buf"))
        && Proc("B").PmdMapped(Var("buf"))
}
print pmd_mapped(A, buf)
print pmd_mapped(B, buf)

# Here rather than at the top, where it would move the lines the output cites:
# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
