namespace MmDsl.LiveKernel;

/// <summary>Protection of a mapping (PROT_*).</summary>
internal enum HostProtection
{
    None,
    Read,
    ReadWrite,
    ReadExec,
    ReadWriteExec,
}

/// <summary>mmap flags beyond MAP_ANONYMOUS|MAP_FIXED_NOREPLACE, which every mapping gets.</summary>
[Flags]
internal enum HostMapFlags
{
    Private = 0,
    Shared = 1,
    Populate = 2,
    NoReserve = 4,
}

/// <summary>madvise(2) advice the agent knows by name.</summary>
internal enum HostAdvice
{
    Normal,
    Random,
    Sequential,
    WillNeed,
    DontNeed,
    Free,
    Remove,
    DontFork,
    DoFork,
    Mergeable,
    Unmergeable,
    HugePage,
    NoHugePage,
    DontDump,
    DoDump,
    WipeOnFork,
    KeepOnFork,
    Cold,
    PageOut,
    Collapse,

    /// <summary>MADV_POPULATE_READ (5.14+): read-fault every page, as MAP_POPULATE does for a read-only or shared mapping.</summary>
    PopulateRead,

    /// <summary>MADV_POPULATE_WRITE (5.14+): write-fault every page, as MAP_POPULATE does for a private writable mapping.</summary>
    PopulateWrite,
}

/// <summary>The protocol's words for the enums above.</summary>
internal static class HostWords
{
    public static string Of(HostProtection prot) => prot switch
    {
        HostProtection.None => "none",
        HostProtection.Read => "r",
        HostProtection.ReadWrite => "rw",
        HostProtection.ReadExec => "rx",
        HostProtection.ReadWriteExec => "rwx",
        _ => throw new ArgumentOutOfRangeException(nameof(prot)),
    };

    public static string Of(HostMapFlags flags)
    {
        string words = (flags & HostMapFlags.Shared) != 0 ? "shared" : "private";
        if ((flags & HostMapFlags.Populate) != 0)
            words += ",populate";
        if ((flags & HostMapFlags.NoReserve) != 0)
            words += ",noreserve";
        return words;
    }

    private static readonly (HostAdvice Advice, string Word)[] AdviceWords =
    [
        (HostAdvice.Normal, "normal"), (HostAdvice.Random, "random"), (HostAdvice.Sequential, "sequential"),
        (HostAdvice.WillNeed, "willneed"), (HostAdvice.DontNeed, "dontneed"), (HostAdvice.Free, "free"),
        (HostAdvice.Remove, "remove"), (HostAdvice.DontFork, "dontfork"), (HostAdvice.DoFork, "dofork"),
        (HostAdvice.Mergeable, "mergeable"), (HostAdvice.Unmergeable, "unmergeable"),
        (HostAdvice.HugePage, "hugepage"), (HostAdvice.NoHugePage, "nohugepage"),
        (HostAdvice.DontDump, "dontdump"), (HostAdvice.DoDump, "dodump"),
        (HostAdvice.WipeOnFork, "wipeonfork"), (HostAdvice.KeepOnFork, "keeponfork"),
        (HostAdvice.Cold, "cold"), (HostAdvice.PageOut, "pageout"), (HostAdvice.Collapse, "collapse"),
        (HostAdvice.PopulateRead, "populate_read"), (HostAdvice.PopulateWrite, "populate_write"),
    ];

    /// <summary>The language's advice names are the protocol's.</summary>
    public static string Of(HostAdvice advice)
    {
        foreach (var (a, word) in AdviceWords)
            if (a == advice)
                return word;
        throw new ArgumentOutOfRangeException(nameof(advice));
    }

    public static bool TryParseAdvice(string word, out HostAdvice advice)
    {
        foreach (var (a, w) in AdviceWords)
            if (w == word)
            {
                advice = a;
                return true;
            }
        advice = default;
        return false;
    }
}
