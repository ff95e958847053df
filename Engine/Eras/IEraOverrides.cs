namespace MmDsl.Engine.Eras;

/// <summary>
/// Decisions replaced by someone else's rule (a user's policy): each method gets the question and
/// the era that would otherwise answer, and may ask it (<c>era.DoWpPage(folio)</c>) or decide
/// alone. The engine does not know where the rule comes from.
/// </summary>
internal interface IEraOverrides
{
    /// <summary>The name the rule goes by (in traces and where the era's name is shown).</summary>
    string Name { get; }

    WpVerdict DoWpPage(IWpFolio folio, EraPolicy era);

    HugeWpVerdict DoHugePmdWpPage(IWpFolio folio, EraPolicy era);

    SwapInDecision DoSwapPage(ISwapInFolio folio, EraPolicy era);

    bool ForkCopiesPage(ForkPage page, EraPolicy era);

    bool GupMustUnshare(GupPage page, EraPolicy era);
}

/// <summary>
/// An era with some decisions replaced (<see cref="IEraOverrides"/>): the facts and every other
/// decision stay the base era's, at the base version.
/// </summary>
internal sealed class OverriddenEra : EraPolicy
{
    private readonly EraPolicy _era;
    private readonly IEraOverrides _overrides;

    public OverriddenEra(EraPolicy era, IEraOverrides overrides)
        : base(era.Version, era.Info with
        {
            Name = overrides.Name,
            Summary = $"policy {overrides.Name} on {era.Version} (era {era.Name})",
        })
    {
        _era = era;
        _overrides = overrides;
    }

    /// <summary>The era the policy derives from.</summary>
    public EraPolicy Base => _era;

    public override WpVerdict DoWpPage(IWpFolio folio) => _overrides.DoWpPage(folio, _era);

    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) => _overrides.DoHugePmdWpPage(folio, _era);

    public override SwapInDecision DoSwapPage(ISwapInFolio folio) => _overrides.DoSwapPage(folio, _era);

    public override bool ForkCopiesPage(ForkPage page) => _overrides.ForkCopiesPage(page, _era);

    public override string ForkCopyRule => $"policy {_overrides.Name}: ForkCopies";

    public override Fact ForkCopyFact => _era.ForkCopyFact;

    public override bool GupMustUnshare(GupPage page) => _overrides.GupMustUnshare(page, _era);
}
