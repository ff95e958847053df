using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>Decoding of the kernel's files and the agent's answers: runs anywhere.</summary>
public sealed class DecodingTests
{
    [Fact]
    public void Pagemap_bits_decode_as_documented()
    {
        var present = new PagemapEntry((1UL << 63) | (1UL << 56) | (1UL << 55) | 0x12345);
        Assert.True(present.Present);
        Assert.False(present.Swapped);
        Assert.True(present.MappedExclusively);
        Assert.True(present.SoftDirty);
        Assert.Equal(0x12345UL, present.Pfn);

        var swapped = new PagemapEntry((1UL << 62) | (0x777UL << 5) | 3);
        Assert.False(swapped.Present);
        Assert.Equal(0UL, swapped.Pfn);
        Assert.Equal(3, swapped.SwapType);
        Assert.Equal(0x777UL, swapped.SwapOffset);

        Assert.True(new PagemapEntry(1UL << 61).FileOrSharedAnon);
        Assert.True(new PagemapEntry(1UL << 58).Guard);
        Assert.Equal("none", new PagemapEntry(0).ToString());
    }

    [Fact]
    public void Kpageflags_numbering_follows_kernel_page_flags_h()
    {
        Assert.Equal(1UL << 12, (ulong)KPageFlag.Anon);
        Assert.Equal(1UL << 15, (ulong)KPageFlag.CompoundHead);
        Assert.Equal(1UL << 16, (ulong)KPageFlag.CompoundTail);
        Assert.Equal(1UL << 22, (ulong)KPageFlag.Thp);
        Assert.Equal(1UL << 24, (ulong)KPageFlag.ZeroPage);
        Assert.Equal(1UL << 26, (ulong)KPageFlag.PageTable);
        Assert.Equal(1UL << 34, (ulong)KPageFlag.MappedToDisk);
    }

    [Theory]
    [InlineData("ok", true, "")]
    [InlineData("ok 0x200000", true, "0x200000")]
    [InlineData("err ENOMEM mmap 0x0 0x1000", false, "ENOMEM")]
    [InlineData("err SIGSEGV read 0x1000", false, "SIGSEGV")]
    public void Agent_answers_parse(string line, bool ok, string textOrError)
    {
        var reply = AgentReply.Parse(line);
        Assert.Equal(ok, reply.Ok);
        Assert.Equal(textOrError, ok ? reply.Text : reply.Error!.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("okay")]
    [InlineData("err")]
    [InlineData("warning: something")]
    public void Lines_outside_the_protocol_break_the_agent(string line) =>
        Assert.Throws<HostAgentException>(() => AgentReply.Parse(line));

    [Fact]
    public void Agent_numbers_and_fields_parse()
    {
        var hello = AgentReply.Parse("ok mmdsl-agent 1 pid=42 base=0x200000000000 warm=ok");
        Assert.Equal("42", hello.Field("pid"));
        Assert.Equal(0x2000_0000_0000UL, AgentReply.Number(hello.Field("base")));
        Assert.Equal(17UL, AgentReply.Number("17"));
        Assert.Throws<HostAgentException>(() => AgentReply.Number("0xZZ"));
        Assert.Throws<HostAgentException>(() => hello.Field("nope"));
    }

    [Fact]
    public void Protocol_words_round_trip()
    {
        Assert.Equal("rw", HostWords.Of(HostProtection.ReadWrite));
        Assert.Equal("shared,populate", HostWords.Of(HostMapFlags.Shared | HostMapFlags.Populate));
        Assert.Equal("private", HostWords.Of(HostMapFlags.Private));
        Assert.Equal("wipeonfork", HostWords.Of(HostAdvice.WipeOnFork));
        Assert.True(HostWords.TryParseAdvice("collapse", out var advice));
        Assert.Equal(HostAdvice.Collapse, advice);
        Assert.False(HostWords.TryParseAdvice("explode", out _));
    }

    [Fact]
    public void Smaps_gives_each_vma_its_sizes()
    {
        string[] lines =
        [
            "200000000000-200000400000 rw-p 00000000 00:00 0 ",
            "Size:               4096 kB",
            "Rss:                2052 kB",
            "Anonymous:          2052 kB",
            "AnonHugePages:      2048 kB",
            "Swap:                  0 kB",
            "THPeligible:           1",
            "VmFlags: rd wr mr mw me ac hg",
            "7ffd1000-7ffd2000 r-xp 00000000 00:00 0                          [vdso]",
            "Rss:                   4 kB",
        ];

        var vmas = Smaps.Parse(lines);

        Assert.Equal(2, vmas.Count);
        Assert.Equal(new SmapsVma(0x2000_0000_0000, 0x2000_0040_0000, "rw-p", "", 2052 * 1024, 2052 * 1024, 2 << 20, 0, true, "rd wr mr mw me ac hg"), vmas[0]);
        Assert.Equal("[vdso]", vmas[1].Name);
        Assert.True(vmas[0].Contains(0x2000_0000_1000));
    }

    [Fact]
    public void Vmstat_deltas_know_missing_counters_from_unchanged_ones()
    {
        var before = ProcVmStat.Parse(["pgfault 100", "thp_split_pmd 3"]);
        var after = ProcVmStat.Parse(["pgfault 105", "thp_split_pmd 3"]);

        var delta = after.Since(before);

        Assert.Equal(5, delta["pgfault"]);
        Assert.Equal(0, delta["thp_split_pmd"]);
        Assert.Null(delta["thp_no_such_counter"]);
        Assert.Equal("pgfault+5", delta.ToString());
    }

    [Fact]
    public void Thp_settings_map_language_names_to_sysfs_files()
    {
        var thp = new ThpSettings("/sys/kernel/mm/transparent_hugepage");

        Assert.Equal("/sys/kernel/mm/transparent_hugepage/enabled", thp.PathOf("thp"));
        Assert.Equal("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled", thp.PathOf("thp.64K"));
        Assert.Equal("/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/enabled", thp.PathOf("thp.2M"));
        Assert.Equal("/sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none", thp.PathOf("khugepaged.max_ptes_none"));
        Assert.Equal("madvise", ThpSettings.SelectedValue("always [madvise] never\n"));
        Assert.Equal("511", ThpSettings.SelectedValue("511\n"));
    }

    [Fact]
    public void Thp_settings_report_differences_from_the_script()
    {
        var root = Directory.CreateTempSubdirectory("mmdsl-thp-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "enabled"), "always [madvise] never\n");
            Directory.CreateDirectory(Path.Combine(root.FullName, "hugepages-64kB"));
            var thp = new ThpSettings(root.FullName);

            var differences = thp.Differences(new Dictionary<string, string> { ["thp"] = "always", ["use_zero_page"] = "1" });

            Assert.Equal(["64K"], thp.Sizes());
            Assert.Equal(2, differences.Count);
            Assert.Contains("thp is 'madvise' on this machine, the script sets 'always'", differences);
            Assert.Empty(thp.Differences(new Dictionary<string, string> { ["thp"] = "madvise" }));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Observations_keep_their_kind_when_mapped()
    {
        Assert.Equal(HostObservation.Observed(true), HostObservation.Observed(3).Select(v => v > 2));
        var hidden = HostObservation.Unobservable<int>("kernel-internal").Select(v => v + 1);
        Assert.Equal("kernel-internal", Assert.IsType<HostObservation<int>.Unobservable>(hidden).Why);
        Assert.Equal(7, HostObservation.Unavailable<int>("not root").ValueOr(7));
    }
}
