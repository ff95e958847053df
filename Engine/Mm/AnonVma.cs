namespace MmDsl.Engine.Mm;

/// <summary>
/// struct anon_vma: the reverse-mapping object anonymous folios point to. A forked VMA gets its
/// own anon_vma whose parent is the parent VMA's, and is chained to every anon_vma of its parent
/// (anon_vma_fork), so rmap walks from an old folio find the child's mappings too.
/// </summary>
internal sealed record AnonVma(int Id, int Parent, int Root);
