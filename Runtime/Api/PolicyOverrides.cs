using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Api;

/// <summary>A policy's code threw inside a kernel decision: the command stops with this, positioned by the interpreter.</summary>
internal sealed class PolicyFailedException(string policy, string decision, Exception inner)
    : Exception($"policy {policy} threw in {decision}: {inner.GetType().FullName}: {inner.Message}", inner)
{
    public string Policy { get; } = policy;
}

/// <summary>The engine's side of a <see cref="Policy"/>: its decisions, with the era it derives from to ask.</summary>
internal sealed class PolicyOverrides(Policy policy) : IEraOverrides
{
    public Policy Policy { get; } = policy;

    public string Name => Policy.Name;

    public WpVerdict DoWpPage(IWpFolio folio, EraPolicy era) =>
        Guard("do_wp_page", () => Policy.WriteFault(new WriteFault(folio, era, Name))) == WriteDecision.Reuse ? WpVerdict.Reuse : WpVerdict.Copy;

    public HugeWpVerdict DoHugePmdWpPage(IWpFolio folio, EraPolicy era) =>
        Guard("do_huge_pmd_wp_page", () => Policy.HugeWriteFault(new WriteFault(folio, era, Name))) switch
        {
            HugeWriteDecision.Reuse => HugeWpVerdict.Reuse,
            HugeWriteDecision.Copy => HugeWpVerdict.CopyThp,
            _ => HugeWpVerdict.SplitFallback,
        };

    public SwapInDecision DoSwapPage(ISwapInFolio folio, EraPolicy era)
    {
        var m = Guard("do_swap_page", () => Policy.SwapIn(new SwapInFault(folio, era, Name)));
        return new SwapInDecision(m.Writable, m.Exclusive);
    }

    public bool ForkCopiesPage(ForkPage page, EraPolicy era) => Guard("copy_present_pte", () => Policy.ForkCopies(new ForkedPage(page, era)));

    public bool GupMustUnshare(GupPage page, EraPolicy era) => Guard("gup_must_unshare", () => Policy.PinUnshares(new PinnedPage(page, era)));

    private T Guard<T>(string decision, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is not PolicyFailedException)
        {
            throw new PolicyFailedException(Name, decision, e);
        }
    }
}
