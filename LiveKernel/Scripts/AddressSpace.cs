namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// Where the simulator would place a mapping, computed from the agent's real VMAs in the script's
/// span, so that a script's addresses are the same on the host: the lowest free address at or
/// above 0, 2M-aligned for a THP-eligible mapping of at least 2M, else 4K-aligned.
/// </summary>
internal static class AddressSpace
{
    public const long PageSize = 4096;
    public const long PmdSize = 2L << 20;

    /// <summary>The script's VMAs as simulated ranges [start, end), in address order.</summary>
    public static IReadOnlyList<(long Start, long End, SmapsVma Vma)> Vmas(HostAgent agent) =>
        [.. Smaps.Read(agent.Pid)
            .Where(v => v.Start >= agent.Base && v.Start < agent.Base + HostAgentOptions.ScriptSpan)
            .Select(v => ((long)(v.Start - agent.Base), (long)(v.End - agent.Base), v))
            .OrderBy(v => v.Item1)];

    /// <summary>The lowest free range of SIZE bytes aligned to ALIGN, or -1.</summary>
    public static long FindGap(HostAgent agent, long size, long align)
    {
        long candidate = 0;
        foreach (var (start, end, _) in Vmas(agent))
        {
            if (start >= candidate + size)
                break;
            if (end > candidate)
                candidate = (end + align - 1) & ~(align - 1);
        }
        return candidate + size <= (long)HostAgentOptions.ScriptSpan ? candidate : -1;
    }

    /// <summary>True when no VMA of the script overlaps [start, end).</summary>
    public static bool IsFree(HostAgent agent, long start, long end) =>
        Vmas(agent).All(v => v.End <= start || v.Start >= end);

    /// <summary>The VMA holding ADDRESS, or null.</summary>
    public static SmapsVma? VmaAt(HostAgent agent, long address) =>
        Vmas(agent).Where(v => v.Start <= address && address < v.End).Select(v => v.Vma).FirstOrDefault();

    public static long PageAlign(long size) => (size + PageSize - 1) & ~(PageSize - 1);
}
