# host: skip C# snippets observe the simulator's engine through its API; the host has no such API
# A helper method defined in one snippet and used in later ones, between MmDsl commands;
# a class and a using carry over too.
proc A
mmap buf 16K
cs {
    using System.Globalization;

    // One line on the page at buf + offset in a process.
    string Page(string process, long offset)
    {
        var p = Proc(process);
        var a = Var("buf") + offset;
        if (!p.Present(a))
        {
            return $"{process}:{Hex(a)} not present";
        }
        var access = p.Writable(a) ? "rw" : "ro";
        var exclusive = p.AnonExclusive(a) ? " exclusive" : string.Empty;
        return $"{process}:{Hex(a)} pfn {p.Pfn(a)} refcount {p.RefCount(a)} mapcount {p.MapCount(a)} {access}{exclusive}";
    }

    class Tally
    {
        public int Copies;
        public override string ToString() => $"{Copies} copies so far";
    }
    var tally = new Tally();
}
write A buf
cs { Page("A", 0) }
fork B
cs { Page("A", 0) + "\n" + Page("B", 0) }
write B buf
cs {
    tally.Copies = (int)Stat("cow_copy");
    Page("A", 0) + "\n" + Page("B", 0) + "\n" + tally
}
cs { Page("B", 4 * KiB) }
cs { 4096.ToString("N0", CultureInfo.InvariantCulture) }
