using MmDsl.Repl.Editor;

namespace MmDsl.Repl.Tests.Editor;

public class HistoryTests
{
    [Fact]
    public void History_persists_without_duplicates_and_keeps_blocks_whole()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-history-{Guid.NewGuid():N}");
        try
        {
            var first = new EntryHistory(path);
            first.Add("proc A");
            first.Add("for i in 0..2 {\nwrite buf + i*4K\n}");
            first.Add("show refs");
            first.Add("proc A");
            first.Add(" secret");
            var second = new EntryHistory(path);
            Assert.Equal(["for i in 0..2 {\nwrite buf + i*4K\n}", "show refs", "proc A"], second.Entries);
            Assert.Equal(3, File.ReadAllLines(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Backslashes_survive_the_file() =>
        Assert.Equal("cs { \"a\\nb\" }\nx", HistoryFile.Unescape(HistoryFile.Escape("cs { \"a\\nb\" }\nx")));

    [Fact]
    public void The_history_file_comes_from_MMDSL_HISTORY()
    {
        var old = Environment.GetEnvironmentVariable("MMDSL_HISTORY");
        Environment.SetEnvironmentVariable("MMDSL_HISTORY", "/tmp/somewhere");
        try
        {
            Assert.Equal("/tmp/somewhere", EntryHistory.DefaultPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MMDSL_HISTORY", old);
        }
    }

    [Fact]
    public void Devices_are_written_to_and_never_replaced()
    {
        Assert.False(HistoryFile.CanReplace("/dev/null"));
        Assert.True(HistoryFile.CanReplace(Path.Combine(Path.GetTempPath(), $"none-{Guid.NewGuid():N}")));
    }

    [Fact]
    public void A_linked_history_file_stays_a_link()
    {
        var dir = Directory.CreateTempSubdirectory("mmdsl-history");
        try
        {
            var target = Path.Combine(dir.FullName, "real");
            var link = Path.Combine(dir.FullName, "link");
            File.WriteAllText(target, "proc A\n");
            File.CreateSymbolicLink(link, target);
            new EntryHistory(link).Add("show refs");
            Assert.NotNull(new FileInfo(link).LinkTarget);
            Assert.Equal(["proc A", "show refs"], File.ReadAllLines(target));
            var empty = Path.Combine(dir.FullName, "empty");
            File.WriteAllText(empty, string.Empty);
            new EntryHistory(empty).Add("proc B");
            Assert.Equal(["proc B"], File.ReadAllLines(empty));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Older_entries_beyond_the_capacity_are_dropped()
    {
        var history = new EntryHistory(capacity: 2);
        history.Add("a");
        history.Add("b");
        history.Add("c");
        Assert.Equal(["b", "c"], history.Entries);
    }
}
