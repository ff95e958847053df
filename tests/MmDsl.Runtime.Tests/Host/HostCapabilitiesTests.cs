using MmDsl.LiveKernel;
using Xunit.Abstractions;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class HostCapabilitiesTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_missing_capability_says_why()
    {
        var capabilities = HostCapabilities.Current;
        output.WriteLine(capabilities.ToString());

        foreach (var (requirement, name) in HostCapabilities.Requirements)
        {
            var capability = capabilities.Of(requirement);
            Assert.True(capability.Available || capability.Reason.Length > 0, $"{name} is missing without a reason");
        }
        Assert.Null(capabilities.Unmet(HostRequirement.None));
    }

    [HostFact]
    public void Queries_user_space_cannot_answer_are_unobservable_not_guessed()
    {
        using var agent = HostAgent.Start();
        var queries = new HostQueries(HostCapabilities.Current);

        Assert.IsType<HostObservation<ulong>.Unobservable>(queries.RefCount(agent, 0));
        Assert.IsType<HostObservation<ulong>.Unobservable>(queries.Pins(agent, 0));
        Assert.IsType<HostObservation<bool>.Unobservable>(queries.Writable(agent, 0));
        Assert.IsType<HostObservation<long>.Unobservable>(queries.Stat("cow_copy", ProcVmStat.Snapshot(), ProcVmStat.Snapshot()));
        Assert.IsType<HostObservation<long>.Observed>(queries.Stat("pgfault", ProcVmStat.Snapshot(), ProcVmStat.Snapshot()));
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp)]
    public void Anon_exclusive_of_a_tail_page_is_unobservable_once_the_folio_is_pte_mapped()
    {
        using var agent = HostAgent.Start();
        HostTestKit.MapThp(agent, 0);
        var queries = new HostQueries(HostCapabilities.Current);

        // A PMD mapping keeps the flag on the first page, which kpageflags reports for every page.
        Assert.Equal(HostObservation.Observed(true), queries.AnonExclusive(agent, 0));
        Assert.Equal(HostObservation.Observed(true), queries.AnonExclusive(agent, 0x1000));

        agent.Mprotect(0x1000, 0x1000, HostProtection.Read).Unwrap();
        agent.Mprotect(0x1000, 0x1000, HostProtection.ReadWrite).Unwrap();

        Assert.Equal(HostObservation.Observed(true), queries.AnonExclusive(agent, 0));
        Assert.IsType<HostObservation<bool>.Unobservable>(queries.AnonExclusive(agent, 0x1000));
    }
}
