using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Evaluation;

public sealed class DiffTableTests
{
    [Fact]
    public void Rows_line_up_by_text_and_occurrence()
    {
        Observation[] sim = [Print("print x", "1"), Print("print x", "2"), Print("print y", "3")];
        Observation[] host = [Print("print x", "1"), Print("print x", "5"), Print("print y", "3")];

        var table = new DiffTable(sim, host, null, null);

        Assert.Equal(["print x", "print x #2", "print y"], table.Rows.Select(r => r.Key));
        Assert.Equal([DiffMark.Agree, DiffMark.Disagree, DiffMark.Agree], table.Rows.Select(r => r.Mark));
        Assert.False(table.Agrees);
    }

    [Fact]
    public void What_the_host_cannot_observe_is_skipped_not_agreed()
    {
        var why = "unobservable: no interface for folio_ref_count";
        var sim = new Observation("expect refcount(A, buf) == 1", "pass", true) { Parts = [Print("refcount(A, buf)", "1")] };
        var host = new Observation("expect refcount(A, buf) == 1", "skipped", null)
        {
            Skipped = why,
            Parts = [Print("refcount(A, buf)", "unknown") with { Skipped = why }],
        };

        var table = new DiffTable([sim], [host], null, null);

        Assert.All(table.Rows, r => Assert.Equal(DiffMark.Skipped, r.Mark));
        Assert.Equal("unobservable", table.Rows[0].Host);
        Assert.True(table.Agrees);
        Assert.False(table.Compared);
        Assert.Contains(table.Lines(), l => l == $"[1] {why}");
    }

    [Fact]
    public void Pfns_are_shown_but_not_compared()
    {
        var table = new DiffTable([Print("print pfn(A, buf)", "0x400") with { MachineSpecific = true }], [Print("print pfn(A, buf)", "0x1a2b3") with { MachineSpecific = true }], null, null);

        Assert.Equal(DiffMark.MachineSpecific, Assert.Single(table.Rows).Mark);
        Assert.True(table.Agrees);
    }

    [Fact]
    public void A_query_row_under_its_own_print_is_left_out()
    {
        var sim = Print("print rss(A)", "4096") with { Parts = [Print("rss(A)", "4096")] };
        var sim2 = Print("print rss(A) + 1", "4097") with { Parts = [Print("rss(A)", "4096")] };

        var table = new DiffTable([sim, sim, sim2], [sim, sim, sim2], null, null);

        Assert.Equal(["print rss(A)", "print rss(A) #2", "print rss(A) + 1", "rss(A)"], table.Rows.Select(r => r.Key));
    }

    [Fact]
    public void An_error_on_one_side_is_a_disagreement()
    {
        var table = new DiffTable([], [], null, "error");

        Assert.Equal(DiffMark.Disagree, Assert.Single(table.Rows).Mark);
        Assert.False(table.Agrees);
    }

    [Fact]
    public void Counters_other_processes_move_are_told_from_other_disagreements()
    {
        var counter = new DiffTable([Print("print stat(pgreuse)", "1")], [Print("print stat(pgreuse)", "2")], null, null);
        var part = new DiffTable(
            [new Observation("expect stat(thp_split_pmd) == 1", "pass", true) { Parts = [Print("stat(thp_split_pmd)", "1")] }],
            [new Observation("expect stat(thp_split_pmd) == 1", "fail", false) { Parts = [Print("stat(thp_split_pmd)", "2")] }],
            null, null);
        var faults = new DiffTable([Print("print stat(pgfault)", "1")], [Print("print stat(pgfault)", "2")], null, null);
        var value = new DiffTable([Print("print value(A, 0)", "1")], [Print("print value(A, 0)", "2")], null, null);

        Assert.True(counter.OnlyCountersDisagree);
        Assert.True(part.OnlyCountersDisagree);
        Assert.False(faults.OnlyCountersDisagree);
        Assert.False(value.OnlyCountersDisagree);
    }

    [Fact]
    public void A_refused_system_call_is_a_row_and_one_that_returned_ok_is_not()
    {
        var table = new DiffTable([], [], [new Observation("munmap buf+1 4K", "EINVAL", null)], [], null, null);

        var row = Assert.Single(table.Rows);
        Assert.Equal(("EINVAL", "ok", DiffMark.Disagree), (row.Simulated, row.Host, row.Mark));
    }

    private static Observation Print(string key, string text) => new(key, text, null);
}
