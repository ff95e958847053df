using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>SysfsOverrides on ordinary files: no root or sysfs needed.</summary>
public sealed class SysfsOverridesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mmdsl-overrides-").FullName;

    [Fact]
    public void A_choice_file_returns_to_its_selected_word()
    {
        string knob = Knob("enabled", "always [madvise] never\n");
        var overrides = new SysfsOverrides(State());

        using (overrides.Apply(knob, "always"))
            Assert.Equal("always", File.ReadAllText(knob));

        Assert.Equal("madvise", File.ReadAllText(knob));
        Assert.Empty(overrides.Originals);
    }

    [Fact]
    public void Changes_nest_and_unwind_in_any_order()
    {
        string knob = Knob("max_ptes_none", "511\n");
        var overrides = new SysfsOverrides(State());
        var first = overrides.Apply(knob, "0");
        var second = overrides.Apply(knob, "64");

        first.Dispose();
        Assert.Equal("64", File.ReadAllText(knob));
        second.Dispose();

        Assert.Equal("511", File.ReadAllText(knob));
    }

    [Fact]
    public void RestoreAll_undoes_everything_and_removes_the_restore_file()
    {
        string a = Knob("a", "1"), b = Knob("b", "2");
        var overrides = new SysfsOverrides(State());
        overrides.Apply(a, "10");
        overrides.Apply(b, "20");
        Assert.Single(Directory.GetFiles(State(), "*.restore"));

        overrides.RestoreAll();

        Assert.Equal(("1", "2"), (File.ReadAllText(a), File.ReadAllText(b)));
        Assert.Empty(Directory.GetFiles(State(), "*.restore"));
    }

    [Fact]
    public void A_restore_file_left_by_a_killed_process_is_applied_by_the_next_one()
    {
        string knob = Knob("scan_sleep_millisecs", "86400000");
        Directory.CreateDirectory(State());
        File.WriteAllLines(Path.Combine(State(), "999999999-12345.restore"), [$"{knob}\t10000"]);

        int restored = new SysfsOverrides(State()).RecoverAbandoned();

        Assert.Equal(1, restored);
        Assert.Equal("10000", File.ReadAllText(knob));
        Assert.Empty(Directory.GetFiles(State(), "*.restore"));
    }

    [Fact]
    public void A_failed_write_leaves_nothing_to_restore()
    {
        var overrides = new SysfsOverrides(State());

        Assert.ThrowsAny<IOException>(() => overrides.Apply(Path.Combine(directory, "missing", "knob"), "1"));

        Assert.Empty(overrides.Originals);
    }

    [Fact]
    public void Thp_settings_write_through_overrides()
    {
        Directory.CreateDirectory(Path.Combine(directory, "khugepaged"));
        string knob = Path.Combine(directory, "khugepaged", "max_ptes_none");
        File.WriteAllText(knob, "511\n");
        var thp = new ThpSettings(directory);

        using (thp.Set("khugepaged.max_ptes_none", "0", new SysfsOverrides(State())))
            Assert.Equal("0", thp.Read("khugepaged.max_ptes_none"));

        Assert.Equal("511", thp.Read("khugepaged.max_ptes_none"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string State() => Path.Combine(directory, "state");

    private string Knob(string name, string content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
