using MmDsl.Engine.Eras;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>The running kernel: its release string and the era of the simulator that holds it.</summary>
internal static class HostKernel
{
    private static readonly Lazy<string> release = new(() =>
        KernelFiles.Exists("/proc/sys/kernel/osrelease") ? KernelFiles.ReadText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString);

    /// <summary><c>uname -r</c>, e.g. <c>6.18.44-fc-v782</c>.</summary>
    public static string Release => release.Value;

    /// <summary>The version in <see cref="Release"/>, or null when it has none the simulator can read.</summary>
    public static KernelVersion? Version => KernelVersion.TryParse(Release, out var v) ? v : null;

    /// <summary>The simulator's era for the running kernel (the latest when the version cannot be read).</summary>
    public static EraPolicy Era => EraPolicy.For(Version ?? KernelVersion.Latest);
}
