using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>The deferred split queue of partially mapped anon THPs (deferred_split_folio).</summary>
internal sealed partial class Machine
{
    /// <summary>Folios on the deferred split queue, in queue order.</summary>
    public IReadOnlyList<int> DeferredSplitQueue => _s.DeferredSplit;

    public bool OnDeferredSplitQueue(int head) => (_s.Memory.Flags(head) & PageFlags.DeferredSplit) != 0;

    /// <summary>
    /// __folio_remove_rmap's tail: queue an anon large folio once at least one page is mapped by
    /// nothing (no PTE, no PMD) while another page is still mapped.
    /// </summary>
    private void MaybeQueueDeferredSplit(int head)
    {
        if (OnDeferredSplitQueue(head) || (_s.Memory.Flags(head) & PageFlags.Anon) == 0)
        {
            return;
        }
        var folio = _s.Large[head];
        if (folio.EntireMapCount > 0)
        {
            return;
        }
        var mapped = NrPagesMapped(head);
        var stillMappedRequired = Era.DeferredSplitOnlyWhilePartiallyMapped;
        if (mapped == folio.NrPages || (mapped == 0 && stillMappedRequired))
        {
            return;
        }
        _s.Memory.Set(head, PageFlags.DeferredSplit);
        _s.DeferredSplit.Add(head);
        CountSplit(FolioOrder(head), MthpStat.SplitDeferred, VmEvent.ThpDeferredSplitPage);
        if (Explain)
        {
            Emit(new DeferredSplitEvent(head, $"{folio.NrPages - mapped} of {folio.NrPages} pages unmapped"));
        }
    }

    private void UnqueueDeferredSplit(int head)
    {
        if (OnDeferredSplitQueue(head))
        {
            _s.Memory.Clear(head, PageFlags.DeferredSplit);
            _s.DeferredSplit.Remove(head);
        }
    }
}
