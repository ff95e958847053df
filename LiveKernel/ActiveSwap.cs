namespace MmDsl.LiveKernel;

/// <summary>The swap areas the kernel uses now, from /proc/swaps.</summary>
internal static class ActiveSwap
{
    /// <summary>True when swap is active and every area is a file (no partition).</summary>
    public static bool OnlyFiles()
    {
        try
        {
            var areas = KernelFiles.Lines(KernelFiles.ReadText("/proc/swaps")).Skip(1).Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 1).ToList();
            return areas.Count > 0 && areas.All(f => f[1] == "file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
