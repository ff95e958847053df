namespace MmDsl.Runtime.Exploring;

/// <summary>The operations <c>mmdsl explore</c> may choose from, by their names in an alphabet.</summary>
internal enum OpKind
{
    Fork,
    Exit,
    Write,
    Read,
    PinRo,
    PinRw,
    Unpin,
    Vmsplice,
    Close,
    Swapout,
    MprotectRo,
    MprotectRw,
    Munmap,
    Split,
    Collapse,
    Mergeable,
    Ksm,
    Mlock,
}

/// <summary>The alphabet's names of <see cref="OpKind"/>.</summary>
internal static class OpKinds
{
    private static readonly (OpKind Kind, string Name, string Meaning)[] Table =
    [
        (OpKind.Fork, "fork", "fork CHILD from P: a live process forks into the first free process name"),
        (OpKind.Exit, "exit", "exit P, while another process lives"),
        (OpKind.Write, "write", "write P M = V, a value of its own (1001, 1002, ... by depth)"),
        (OpKind.Read, "read", "read P M"),
        (OpKind.PinRo, "pin-ro", "pin P M 4K ro longterm"),
        (OpKind.PinRw, "pin-rw", "pin P M 4K rw longterm"),
        (OpKind.Unpin, "unpin", "unpin #N of an open pin"),
        (OpKind.Vmsplice, "vmsplice", "vmsplice P M 4K"),
        (OpKind.Close, "close", "close #N of an open pipe"),
        (OpKind.Swapout, "swapout", "swapout P M 4K"),
        (OpKind.MprotectRo, "mprotect-ro", "mprotect P M 4K ro"),
        (OpKind.MprotectRw, "mprotect-rw", "mprotect P M 4K rw"),
        (OpKind.Munmap, "munmap", "munmap P M 4K"),
        (OpKind.Split, "split", "split P M (a mapping of 2M or more)"),
        (OpKind.Collapse, "collapse", "collapse P M (a mapping of 2M or more)"),
        (OpKind.Mergeable, "mergeable", "madvise P M SIZE mergeable (the whole mapping)"),
        (OpKind.Ksm, "ksm", "ksm: ksmd's full scans until nothing more merges"),
        (OpKind.Mlock, "mlock", "mlock P M 4K (faults it in for writing where the mapping is private and writable)"),
    ];

    /// <summary>Every kind, with its name and what it does.</summary>
    public static IEnumerable<(OpKind Kind, string Name, string Meaning)> All => Table;

    public static string Name(this OpKind kind) => Table[(int)kind].Name;

    public static bool TryParse(string name, out OpKind kind)
    {
        foreach (var (k, n, _) in Table)
        {
            if (n == name)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

/// <summary>
/// One step of an explored sequence: what it does, to whom, and its text in the language (the
/// explorer runs that text through the interpreter, as a script would).
/// </summary>
/// <param name="Process">The process acting (the parent of a fork, the taker of a handle).</param>
/// <param name="Target">The mapping's name, or the child of a fork.</param>
/// <param name="Handle">The handle number of <c>unpin</c> and <c>close</c>.</param>
/// <param name="Value">The value a <c>write</c> stores.</param>
/// <param name="Size">The mapping's size, for <c>mergeable</c>.</param>
internal sealed record ExploreOp(OpKind Kind, string Process, string? Target = null, int Handle = 0, ulong Value = 0, long Size = 0)
{
    public string Text => Kind switch
    {
        OpKind.Fork => $"fork {Target} from {Process}",
        OpKind.Exit => $"exit {Process}",
        OpKind.Write => $"write {Process} {Target} = {Value}",
        OpKind.Read => $"read {Process} {Target}",
        OpKind.PinRo => $"pin {Process} {Target} 4K ro longterm",
        OpKind.PinRw => $"pin {Process} {Target} 4K rw longterm",
        OpKind.Unpin => $"unpin #{Handle}",
        OpKind.Vmsplice => $"vmsplice {Process} {Target} 4K",
        OpKind.Close => $"close #{Handle}",
        OpKind.Swapout => $"swapout {Process} {Target} 4K",
        OpKind.MprotectRo => $"mprotect {Process} {Target} 4K ro",
        OpKind.MprotectRw => $"mprotect {Process} {Target} 4K rw",
        OpKind.Munmap => $"munmap {Process} {Target} 4K",
        OpKind.Split => $"split {Process} {Target}",
        OpKind.Collapse => $"collapse {Process} {Target}",
        OpKind.Mergeable => $"madvise {Process} {Target} {Size} mergeable",
        OpKind.Ksm => "ksm",
        OpKind.Mlock => $"mlock {Process} {Target} 4K",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public override string ToString() => Text;
}
