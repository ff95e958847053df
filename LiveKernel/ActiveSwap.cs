namespace MmDsl.LiveKernel;

/// <summary>The swap areas the kernel uses now, from /proc/swaps.</summary>
internal static class ActiveSwap
{
    /// <summary>True when swap is active and every area is a file (no partition).</summary>
    public static bool OnlyFiles() => Device() == "file";

    /// <summary>
    /// What the kernel swaps to, as <c>set swap.device</c> names it: <c>file</c> when every area is
    /// a file, <c>zram</c> when every area is a zram device, <c>disk</c> otherwise; null without swap.
    /// </summary>
    public static string? Device()
    {
        var areas = Areas();
        if (areas.Count == 0)
        {
            return null;
        }
        return areas.All(f => f[1] == "file") ? "file"
            : areas.All(f => f[0].StartsWith("/dev/zram", StringComparison.Ordinal)) ? "zram"
            : "disk";
    }

    private static List<string[]> Areas()
    {
        try
        {
            return [.. KernelFiles.Lines(KernelFiles.ReadText("/proc/swaps")).Skip(1).Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 1)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
