using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>The facts table and the eras table are well formed.</summary>
public sealed partial class EraTableTests
{
    [Fact]
    public void FactsAreSortedByNameThenVersion()
    {
        var facts = EraFacts.All;
        for (var i = 1; i < facts.Count; i++)
        {
            var (a, b) = (facts[i - 1], facts[i]);
            Assert.True(
                string.CompareOrdinal(a.Name.ToString(), b.Name.ToString()) < 0 || (a.Name == b.Name && a.From < b.From),
                $"out of order: {a} / {b}");
        }
    }

    [Fact]
    public void EntriesOfOneFactDoNotOverlap()
    {
        foreach (var group in EraFacts.All.GroupBy(f => f.Name))
        {
            var entries = group.OrderBy(f => f.From).ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                Assert.True(entries[i].Until is not { } until || entries[i].From < until, $"empty range: {entries[i]}");
                if (i > 0)
                {
                    Assert.True(entries[i - 1].Until is { } end && end <= entries[i].From, $"overlap: {entries[i - 1]} / {entries[i]}");
                }
            }
        }
    }

    [Fact]
    public void EveryFactHasAnEntryACommitOrAReasonAndADescription()
    {
        foreach (var fact in Enum.GetValues<Fact>())
        {
            Assert.Contains(EraFacts.All, f => f.Name == fact);
        }
        foreach (var f in EraFacts.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Description), f.ToString());
            if (f.Commit is { } commit)
            {
                Assert.Matches(CommitId(), commit);
            }
            else
            {
                Assert.True(f.Description.Contains("unverified", StringComparison.Ordinal) || f.Description.Contains("linux-mm", StringComparison.Ordinal), $"no commit and no reason: {f}");
            }
        }
    }

    [Fact]
    public void ErasAreContiguousAndEveryEraResolves()
    {
        var eras = EraTable.All;
        for (var i = 0; i < eras.Count; i++)
        {
            var era = eras[i];
            Assert.True(era.From <= era.Representative && era.Representative <= era.Last, era.Name);
            if (i > 0)
            {
                var previous = eras[i - 1];
                Assert.True(previous.Last < era.From, $"{previous.Name} / {era.Name}");
                Assert.Equal(previous.Last.Major == era.From.Major ? previous.Last.Minor + 1 : 0, era.From.Minor);
            }
            foreach (var v in new[] { era.From, era.Representative, era.Last })
            {
                var policy = EraPolicy.For(v);
                Assert.Same(era, policy.Info);
                Assert.Equal(v, policy.Version);
            }
            Assert.Equal(era.Name, EraPolicy.All[i].Name);
        }
        Assert.Equal(KernelVersion.Latest, eras[^1].Last);
        Assert.Same(eras[0], EraPolicy.For(new KernelVersion(2, 0)).Info);
        Assert.Same(eras[^1], EraPolicy.For(new KernelVersion(7, 0)).Info);
    }

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex CommitId();
}
