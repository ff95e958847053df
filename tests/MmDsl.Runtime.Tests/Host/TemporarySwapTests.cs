using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class TemporarySwapTests
{
    [SwapFileFact]
    public void The_swap_file_is_active_until_disposed_then_gone()
    {
        string path;
        using (var swap = TemporarySwap.Activate(1 << 20))
        {
            path = swap.Path;
            Assert.Contains(ActiveSwaps(), l => l.StartsWith(path + " ", StringComparison.Ordinal));
            // swapon(2) takes the header the kernel reads: 1M is 256 pages, one of them the header
            Assert.Contains(ActiveSwaps(), l => l.StartsWith(path + " ", StringComparison.Ordinal) && l.Contains("1020", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(ActiveSwaps(), l => l.StartsWith(path + " ", StringComparison.Ordinal));
        Assert.False(File.Exists(path));
    }

    [SwapFileFact]
    public void A_swap_file_left_by_a_dead_process_is_taken_down_by_the_next_run()
    {
        var directory = Directory.CreateDirectory(Path.Combine(TemporarySwap.DefaultDirectory, $"mmdsl-swap-test-{Guid.NewGuid():N}"));
        try
        {
            // as if its owner had died of SIGKILL: a pid and start time that name no process
            var abandoned = TemporarySwap.Activate(1 << 20, directory.FullName, "999999999-1");
            Assert.Contains(ActiveSwaps(), l => l.StartsWith(abandoned.Path + " ", StringComparison.Ordinal));

            Assert.Equal(1, TemporarySwap.RecoverAbandoned(directory.FullName));

            Assert.False(File.Exists(abandoned.Path));
            Assert.DoesNotContain(ActiveSwaps(), l => l.StartsWith(abandoned.Path + " ", StringComparison.Ordinal));
            abandoned.Dispose();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Less_than_ten_pages_is_refused() =>
        Assert.Throws<IOException>(() => TemporarySwap.Activate(8192));

    private static string[] ActiveSwaps() => File.ReadAllLines("/proc/swaps");
}

/// <summary>A fact that runs where a swap file can be activated (root, a filesystem that takes one); otherwise skipped with the reason.</summary>
public sealed class SwapFileFactAttribute : FactAttribute
{
    public SwapFileFactAttribute()
    {
        Skip = HostCapabilities.Current.Unmet(HostFactAttribute.Always) ?? TemporarySwap.WhyNot;
    }
}
