# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
# A custom invariant over every folio, checked after every step of a fork and COW scenario.
kernel 6.18
cs {
    // Every folio: its references cover its mappings and pins; the reverse map finds exactly
    // the mappings its mapcount counts; a folio marked exclusive is mapped by one process only.
    List<string> Violations() => Folios.SelectMany(f => new[]
    {
        f.RefCount >= f.MapCount + f.PinCount ? null : $"{f.Pfn}: refcount {f.RefCount} < mapcount {f.MapCount} + pins {f.PinCount}",
        f.Mappers.Count == f.MapCount ? null : $"{f.Pfn}: the rmap walk finds {f.Mappers.Count} mappings, mapcount says {f.MapCount}",
        !f.AnonExclusive || f.Mappers.Select(m => m.Process).Distinct().Count() <= 1 ? null : $"{f.Pfn}: exclusive, yet mapped by several processes",
    }).Where(v => v is not null).ToList();

    var steps = 0;
    void Step(string command)
    {
        Run(command);
        steps++;
        foreach (var v in Violations())
        {
            Print($"step {steps} ({command}): {v}");
        }
    }
}
cs {
    string[] scenario =
    [
        "proc A", "mmap buf 2M thp", "write A buf", "fork B", "write A buf+0x1000",
        "write B buf+0x2000", "pin B buf+0x3000 4K", "fork C from B", "write C buf", "unpin #1",
        "exit B", "write A buf+0x4000", "swapout C buf 8K", "read C buf",
    ];
    foreach (var command in scenario)
    {
        Step(command);
    }
    Print($"{steps} steps, {Violations().Count} violations now");
}
# DSL commands and C# checks mix freely.
write C buf+0x5000
expect { Violations().Count == 0 }
show refs
