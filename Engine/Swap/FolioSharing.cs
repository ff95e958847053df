using MmDsl.Engine.Eras;

namespace MmDsl.Engine;

/// <summary>The engine's side of <see cref="IFolioSharing"/> for one page of a folio.</summary>
internal sealed class FolioSharing : IFolioSharing
{
    private readonly Machine _m;
    private readonly int _head;
    private readonly int _page;

    public FolioSharing(Machine m, int head, int page)
    {
        _m = m;
        _head = head;
        _page = page;
    }

    public int FirstPageMapCount => _m.PageMapCount(_page);

    /// <summary>folio_likely_mapped_shared (6.10): entire mapping or more mappings than pages, else the first page mapped twice.</summary>
    public bool LikelyMappedShared
    {
        get
        {
            var mapcount = _m.FolioMapCount(_head);
            if (!_m.IsLarge(_head))
            {
                return mapcount > 1;
            }
            if (mapcount <= 1)
            {
                return false;
            }
            var folio = _m.Large(_head)!;
            if (folio.EntireMapCount > 0 || mapcount > folio.NrPages)
            {
                return true;
            }
            return _m.Memory.MapCount(_head) > 1;
        }
    }

    /// <summary>folio_maybe_mapped_shared (6.15).</summary>
    public bool MaybeMappedShared
    {
        get
        {
            var mapcount = _m.FolioMapCount(_head);
            if (!_m.IsLarge(_head))
            {
                return mapcount > 1;
            }
            return mapcount > 1 && _m.Large(_head)!.MaybeShared;
        }
    }
}
