
using static MmDsl.Language.Commands.OperandKind;

namespace MmDsl.Language.Commands;

internal static partial class CommandTable
{
    private static IEnumerable<CommandInfo> ReclaimGroup() =>
    [
        C("swapout", CommandGroup.Reclaim, "swapout [P] ADDR [SIZE]",
            "reclaim pages to swap (MADV_PAGEOUT)",
            "Reclaims the pages of the range to swap, as MADV_PAGEOUT does; a page that cannot be\n" +
            "swapped out says why (shared, pinned, no swap).",
            "proc A\nmmap buf 4K\nwrite buf\nswapout buf\nshow ptes", OptionalProcess),
        C("reclaim", CommandGroup.Reclaim, "reclaim",
            "reclaim every anonymous page that can be reclaimed",
            "Runs reclaim over all anonymous memory, as shrink_folio_list would: add to the swap\n" +
            "cache, unmap every mapping through the reverse map, write back, free.",
            "proc A\nmmap buf 8K\nwrite buf 8K\nreclaim\nshow swap"),
        C("collapse", CommandGroup.Reclaim, "collapse [P] ADDR",
            "collapse a 2M range into a THP (MADV_COLLAPSE)",
            "MADV_COLLAPSE on the PMD-sized range holding ADDR (6.1+).",
            "kernel 6.18\nproc A\nmmap buf 2M thp\nwrite buf 2M\nsplit buf\ncollapse buf\nshow folio buf", OptionalProcess),
        C("split", CommandGroup.Reclaim, "split [P] ADDR  |  split folio [P] ADDR",
            "split a PMD mapping, or a folio",
            "`split ADDR` splits the PMD mapping at ADDR into 512 PTEs (split_huge_pmd); the folio\n" +
            "stays whole. `split folio ADDR` splits the large folio itself (split_huge_page), if no\n" +
            "unexpected reference holds it.",
            "proc A\nmmap buf 2M thp\nwrite buf\nsplit buf\nshow folio buf", OptionalProcess, "folio"),
        C("migrate", CommandGroup.Reclaim, "migrate [P] ADDR [SIZE]",
            "move pages to new page frames",
            "Migrates the folios of the range to new page frames, as compaction or NUMA balancing\n" +
            "would, through migration entries. Pinned folios are refused.",
            "proc A\nmmap buf 4K\nwrite buf\nmigrate buf\nshow refs", OptionalProcess),
        C("shrink", CommandGroup.Reclaim, "shrink",
            "run the deferred-split shrinker",
            "Splits the partially mapped THPs on the deferred split queue and frees their unmapped\n" +
            "pages.",
            "proc A\nmmap buf 2M thp\nwrite buf\nmunmap buf 1M\nshrink\nshow refs"),
        C("khugepaged", CommandGroup.Reclaim, "khugepaged",
            "run one full khugepaged scan",
            "Scans every process once, as khugepaged would, and collapses the ranges its tunables\n" +
            "allow; refusals print their reason.",
            "proc A\nmmap buf 2M thp\nwrite buf 2M\nsplit buf\nkhugepaged"),
        C("drain", CommandGroup.Reclaim, "drain",
            "drain the per-CPU LRU-add batches (lru_add_drain_all)",
            "Moves the pages waiting in every CPU's LRU-add batch onto the LRU, dropping the\n" +
            "batch's reference on each. Each process runs on a CPU of its own, so its faults fill\n" +
            "its own batch, and its own drains (exit, munmap, a write fault) empty only that one.",
            "kernel 5.16\nproc A\nmmap buf 4K\nwrite buf\ndrain\nshow refs"),
        C("ksm", CommandGroup.Reclaim, "ksm",
            "run ksmd until the pages that can merge have merged (two full scans)",
            "Runs two full scans of ksmd over the ranges marked `madvise ... mergeable`: a page must be\n" +
            "seen unchanged on one scan (its checksum) before it enters the unstable tree on the next,\n" +
            "so two scans merge every pair of identical pages that can merge. Identical pages become\n" +
            "one write-protected KSM page; a page with an extra reference (a pin) is not merged.\n" +
            "Prints the pages merged and /sys/kernel/mm/ksm's pages_shared and pages_sharing.",
            "proc A\nmmap buf 8K\nmadvise buf 8K mergeable\nwrite buf = 7\nwrite buf+4K = 7\nksm\nshow refs"),
    ];

    private static IEnumerable<CommandInfo> SettingsGroup() =>
    [
        C("kernel", CommandGroup.Settings, "kernel VERSION",
            "choose the kernel whose rules the engine follows",
            "VERSION is any kernel version (5.4, 5.10.13, 6.18) or `latest`; it is mapped to the era\n" +
            "that holds it, and the era's name and range are printed. Allowed only while no\n" +
            "process exists.",
            "kernel 5.16\nkernel latest", KernelVersion, "latest"),
        C("set", CommandGroup.Settings, "set KEY VALUE",
            "change a machine setting",
            "Keys: thp always|madvise|never; thp.SIZE always|madvise|never|inherit (16K..1M, 6.8+);\n" +
            "thp.use_zero_page on|off; swap SIZE; swap.file on|off (a swap file takes no large\n" +
            "entries from 6.10); swap.device disk|file|zram (zram's swap-ins skip the swap cache);\n" +
            "memory SIZE; khugepaged.max_ptes_none N;\n" +
            "khugepaged.max_ptes_swap N; khugepaged.max_ptes_shared N.",
            "set thp always\nproc A\nmmap buf 2M\nwrite buf\nshow folio buf", Keyword,
            "thp", "swap", "swap.file", "swap.device", "memory", "khugepaged.max_ptes_none", "khugepaged.max_ptes_swap",
            "khugepaged.max_ptes_shared", "thp.use_zero_page"),
        C("trace", CommandGroup.Settings, "trace on|off",
            "print every kernel decision",
            "With trace on, every fault prints the function, the condition and the branch that\n" +
            "decided it, before what it caused, with the era and the commit of the rule.",
            "proc A\nmmap buf 4K\nwrite buf\nfork B\ntrace on\nwrite buf", Keyword, "on", "off"),
        C("full", CommandGroup.Settings, "full on|off",
            "print every line of what touches many pages",
            "With full on, a fork's early copies, a collapse's swap-ins and the slots of show swap\n" +
            "print one line each instead of one line per run of like pages (what --full does for\n" +
            "mmdsl run). Off by default.",
            "proc A\nmmap buf 8K\nwrite buf 8K\npin buf 8K rw longterm\nfull on\nfork B", Keyword, "on", "off"),
        C("reset", CommandGroup.Settings, "reset",
            "a fresh machine with the same settings",
            "Drops every process, handle and page; handle numbers start at #1 and the write\n" +
            "counter at 1 again. The kernel and the settings stay.",
            "proc A\nmmap buf 4K\nreset\nshow procs"),
    ];
}
