namespace MmDsl.Runtime.Tests.Edges;

/// <summary>Range commands cost what is mapped, not the length of the range: holes are skipped, not walked page by page.</summary>
public class RangeCostTests
{
    [Fact]
    public void ReadingTheWholeAddressSpaceOverOneMappedPageIsQuick()
    {
        var (exit, output) = EdgeScript.RunWithin(10, "proc A\nmmap 4K\nwrite A 0 = 1\nread A 0 0x7fff_ffff_f000\nread A 0 16G\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("read 0x0-0x7ffffffff000 (34359738367 pages): no faults; 34359738366 SIGSEGV", output);
        Assert.Contains("check: ok", output);
    }

    [Fact]
    public void WritesOverHolesCountTheirValuesAsBefore()
    {
        var (exit, output) = EdgeScript.Run("proc A\nmmap 4K at 8K\nwrite A 0 16K\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("write 0x0-0x4000 (4 pages) = 1..4: 1 fault: anon fault -> new page x1; 3 SIGSEGV", output);
    }

    [Fact]
    public void MigratingTheWholeAddressSpaceIsQuick()
    {
        var (exit, output) = EdgeScript.RunWithin(10, "proc A\nmmap 4K\nwrite A 0 = 1\nmmap buf 8T\nwrite A buf = 1\nmigrate A 0 8T\nmigrate A 0 0x7fff_ffff_f000\nmigrate A 0 9223372036854775807\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("2 of 2 folio(s) moved", output);
        Assert.Contains("check: ok", output);
    }

    [Fact]
    public void CollapsingAHugeMappedRangeWithOneThpIsQuick()
    {
        // 32M empty 2M ranges: each is SCAN_PMD_NULL, stepped over as one run (15 s when walked one by one).
        var (exit, output) = EdgeScript.RunWithin(10, "proc A\nmmap buf 64T\nmadvise A buf 64T hugepage\nwrite A buf + 32T = 1\nmadvise A buf 64T collapse\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("madvise 0x0-0x400000000000 collapse: EINVAL", output);
        Assert.Contains("check: ok", output);
    }

    [Fact]
    public void ForkMprotectKhugepagedAndTheCheckerCostWhatAHugeMappedRangeHolds()
    {
        // copy_page_range, change_protection, khugepaged and the invariant checker's census step over empty PMDs.
        var (exit, output) = EdgeScript.RunWithin(10, "proc A\nmmap buf 64T\nmadvise A buf 64T hugepage\nwrite A buf + 32T = 1\n" +
            "write A buf + 33T + 4K = 1\nfork B\nmprotect A buf 64T ro\nkhugepaged\nfork C from B\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("B: fork of A", output);
        Assert.Contains("C: fork of B", output);
        Assert.Contains("check: ok", output);
    }
}
