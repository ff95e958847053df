namespace MmDsl.Engine.Eras;

/// <summary>A page GUP is about to grab, as gup_must_unshare sees it.</summary>
internal readonly record struct GupPage(
    bool Pin,
    bool Write,
    bool LongTerm,
    bool IsAnon,
    bool PageAnonExclusive,
    bool CowMapping);
