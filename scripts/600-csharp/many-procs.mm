# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
# A C# loop that builds 64 processes by Run, then looks at them through the API.
proc A
mmap buf 4K
write A buf = 42
drain
cs {
    for (var i = 0; i < 64; i++)
    {
        Run($"fork C{i} from A");
    }
}
cs { Procs.Count }
cs { Proc("A").Folio(Var("buf")) }
expect { Proc("A").MapCount(Var("buf")) == 65 }
expect { Procs.All(p => p.Peek(Var("buf")) == 42) }
cs {
    for (var i = 0; i < 64; i += 16)
    {
        Run($"write C{i} buf = {i}");
    }
}
cs { Procs.Where(p => p.Peek(Var("buf")) != 42).Select(p => $"{p.Name} {p.Peek(Var("buf"))} pfn {p.Pfn(Var("buf"))}") }
cs { $"{Folios.Count} folios, cow_copy {Stat("cow_copy")}" }
print mapcount(A, buf)
