namespace MmDsl.Engine.Eras;

/// <summary>A page that fork is about to share with the child, as copy_present_pte sees it.</summary>
internal readonly record struct ForkPage(
    bool IsAnon,
    bool PageAnonExclusive,
    bool CowMapping,
    bool SrcHasPinned,
    bool MaybeDmaPinned);
