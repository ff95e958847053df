namespace MmDsl.Engine.Ksm;

/// <summary>
/// A ksm_rmap_item in a stable node's list: the mapping (<paramref name="Slot"/>'s mm, at
/// <paramref name="Address"/>) that was merged into the node's page, and the anon_vma of the VMA
/// it was found in, through which rmap_walk_ksm also finds the page's mappings in forked children.
/// </summary>
internal readonly record struct KsmRmapItem(int Slot, long Address, int AnonVma);

/// <summary>A ksm_stable_node: one KSM page (<see cref="Kpfn"/>) and the rmap items merged into it.</summary>
internal sealed class KsmStableNode
{
    public KsmStableNode(int id, int kpfn)
    {
        Id = id;
        Kpfn = kpfn;
    }

    public int Id { get; }

    /// <summary>The KSM page's pfn (stable_node->kpfn).</summary>
    public int Kpfn { get; set; }

    /// <summary>stable_node->hlist: the first item counts in pages_shared, each further one in pages_sharing.</summary>
    public List<KsmRmapItem> Items { get; private set; } = [];

    public KsmStableNode Clone() => new(Id, Kpfn) { Items = [.. Items] };
}

/// <summary>
/// What ksmd keeps between scans (mm/ksm.c): the mm slots in scan order, the stable tree, and the
/// checksum each scanned page had on the last pass (rmap_item->oldchecksum). The unstable tree
/// lives for one full scan only and is not kept.
/// </summary>
internal sealed class KsmState
{
    /// <summary>The stable nodes, by id (a KSM folio's mapping holds its node's id).</summary>
    public Dictionary<int, KsmStableNode> Nodes { get; private set; } = [];

    public int NextNode { get; set; } = 1;

    /// <summary>The ksm_mm_slot of each registered mm (MMF_VM_MERGEABLE), by MM id; slot ids are never reused.</summary>
    public Dictionary<int, int> SlotOfMm { get; private set; } = [];

    /// <summary>The slots in ksm_mm_head's order: the order ksmd scans the mms in.</summary>
    public List<int> Slots { get; private set; } = [];

    public int NextSlot { get; set; } = 1;

    /// <summary>rmap_item->oldchecksum of every page seen on the last pass that is not in the stable tree.</summary>
    public Dictionary<(int Slot, long Address), ulong> Checksums { get; private set; } = [];

    /// <summary>/sys/kernel/mm/ksm/full_scans</summary>
    public long FullScans { get; set; }

    /// <summary>/sys/kernel/mm/ksm/pages_shared: stable nodes with at least one rmap item.</summary>
    public int PagesShared => Nodes.Values.Count(n => n.Items.Count > 0);

    /// <summary>/sys/kernel/mm/ksm/pages_sharing: rmap items beyond the first of each node.</summary>
    public int PagesSharing => Nodes.Values.Sum(n => Math.Max(0, n.Items.Count - 1));

    public KsmState Clone() => new()
    {
        Nodes = Nodes.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()),
        NextNode = NextNode,
        SlotOfMm = new Dictionary<int, int>(SlotOfMm),
        Slots = [.. Slots],
        NextSlot = NextSlot,
        Checksums = new Dictionary<(int, long), ulong>(Checksums),
        FullScans = FullScans,
    };
}

/// <summary>What one mapping's page did in a KSM scan: merged into a KSM page, or refused and why.</summary>
internal sealed record KsmMergeEvent(string Process, long Address, int OldPfn, int KsmPfn, bool Merged, string Reason);

/// <summary>The outcome of a <c>ksm</c> run: full scans made, pages merged, the counters after.</summary>
internal sealed record KsmScanResult(int Scans, int Merged, int PagesShared, int PagesSharing, IReadOnlyList<KsmMergeEvent> Events);
