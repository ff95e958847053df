namespace MmDsl.Language.Syntax;

/// <summary>Flags of <c>mmap</c>.</summary>
internal enum MmapFlag
{
    Thp,
    NoThp,
    Shared,
    ReadOnly,
    ReadWrite,
    None,
    Populate,
    DontFork,
    WipeOnFork,
    Locked,
}

/// <summary>Protections of <c>mprotect</c>.</summary>
internal enum Protection
{
    ReadOnly,
    ReadWrite,
    None,
}

/// <summary>Advice of <c>madvise</c>.</summary>
internal enum Advice
{
    DontNeed,
    Free,
    WillNeed,
    HugePage,
    NoHugePage,
    Collapse,
    PageOut,
    Cold,
    DontFork,
    DoFork,
    WipeOnFork,
    KeepOnFork,
    Mergeable,
    Unmergeable,
}

/// <summary>Access requested by <c>pin</c> and <c>get</c>.</summary>
internal enum GupAccess
{
    ReadOnly,
    ReadWrite,
}

/// <summary>The option after <c>show</c>: none, <c>--csharp</c>, or <c>--dot</c>.</summary>
internal enum ShowOption
{
    None,
    CSharp,
    Dot,
}

/// <summary>What <c>show</c> shows.</summary>
internal enum ShowKind
{
    Procs,
    Maps,
    Ptes,
    Refs,
    Folio,
    Swap,
    Pins,
    Stats,
    Eras,
    Graph,
}

/// <summary>How a handle is released: <c>unpin</c> (FOLL_PIN), <c>put</c> (FOLL_GET), <c>close</c> (pipe).</summary>
internal enum ReleaseKind
{
    Unpin,
    Put,
    Close,
}
