using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>The shape of a query's arguments.</summary>
internal enum QueryArgs
{
    /// <summary><c>f(P, ADDR)</c> or <c>f(ADDR)</c> on the current process.</summary>
    ProcessAddress,
    /// <summary><c>f(P)</c> or <c>f()</c> on the current process.</summary>
    Process,
    /// <summary><c>stat(NAME)</c>: a counter name.</summary>
    Counter,
    /// <summary><c>handle(#N)</c> or <c>handle(#N, OFFSET)</c>.</summary>
    Handle,
}

/// <summary>A query function usable in expressions.</summary>
internal sealed record QueryInfo(string Name, QueryArgs Args, bool IsBoolean, string Summary);

/// <summary>Every query function of the language.</summary>
internal static class QueryTable
{
    public static ImmutableArray<QueryInfo> All { get; } =
    [
        new("value", QueryArgs.ProcessAddress, false, "the 8-byte word at ADDR (faults like read)"),
        new("pfn", QueryArgs.ProcessAddress, false, "page frame mapped at ADDR (0 if none)"),
        new("refcount", QueryArgs.ProcessAddress, false, "the folio's reference count (folio_ref_count)"),
        new("mapcount", QueryArgs.ProcessAddress, false, "this page's mapcount as /proc/kpagecount shows it"),
        new("pins", QueryArgs.ProcessAddress, false, "FOLL_PIN pins on the folio"),
        new("present", QueryArgs.ProcessAddress, true, "the page-table entry is present"),
        new("writable", QueryArgs.ProcessAddress, true, "the page-table entry is writable"),
        new("swapped", QueryArgs.ProcessAddress, true, "the page-table entry is a swap entry"),
        new("anon_exclusive", QueryArgs.ProcessAddress, true, "PG_anon_exclusive of the page (false before 5.19)"),
        new("mapped_exclusive", QueryArgs.ProcessAddress, true, "/proc/PID/pagemap bit 56 (PM_MMAP_EXCLUSIVE)"),
        new("pmd_mapped", QueryArgs.ProcessAddress, true, "mapped by a PMD (a whole THP)"),
        new("thp", QueryArgs.ProcessAddress, true, "the page belongs to a large folio"),
        new("order", QueryArgs.ProcessAddress, false, "the order of the folio mapped at ADDR"),
        new("swapcache", QueryArgs.ProcessAddress, true, "the folio is in the swap cache"),
        new("ksm", QueryArgs.ProcessAddress, true, "the page mapped at ADDR is a KSM page (PageKsm, kpageflags KSM)"),
        new("lru_batch", QueryArgs.ProcessAddress, true, "the folio waits in a per-CPU LRU-add batch, which holds a reference"),
        new("rss", QueryArgs.Process, false, "resident anonymous bytes of the process"),
        new("swap", QueryArgs.Process, false, "swapped-out bytes of the process"),
        new("stat", QueryArgs.Counter, false, "a counter (pgfault, pgreuse, cow_copy, ...)"),
        new("handle", QueryArgs.Handle, false, "the word read through a handle"),
    ];

    private static readonly FrozenDictionary<string, QueryInfo> ByName =
        All.ToFrozenDictionary(q => q.Name, StringComparer.Ordinal);

    public static QueryInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The smallest and largest number of arguments a query takes.</summary>
    public static (int Min, int Max) Arity(QueryArgs args) => args switch
    {
        QueryArgs.ProcessAddress => (1, 2),
        QueryArgs.Process => (0, 1),
        QueryArgs.Counter => (1, 1),
        QueryArgs.Handle => (1, 2),
        _ => (0, 0),
    };
}
