using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// The target's kernel (this machine's, or one in a virtual machine): its release string, the exact
/// version the simulator follows for it, and the era that holds it. Read once per target.
/// </summary>
internal static partial class HostKernel
{
    private sealed record Identity(string Release, KernelVersion? Version);

    private static readonly ConditionalWeakTable<IHubTarget, Lazy<Identity>> Known = new();

    private static Identity Current =>
        Known.GetValue(HubTargets.Current, _ => new Lazy<Identity>(Read)).Value;

    /// <summary><c>uname -r</c>, e.g. <c>6.18.44-fc-v782</c> or <c>5.10.0-32-cloud-amd64</c>.</summary>
    public static string Release => Current.Release;

    /// <summary>
    /// The version the simulator follows: a distribution's exact stable release where /proc/version
    /// names one (Debian's <c>5.10.0-32-cloud-amd64</c> is 5.10.223), else the version in
    /// <see cref="Release"/>; null when neither can be read.
    /// </summary>
    public static KernelVersion? Version => Current.Version;

    /// <summary>The simulator's era for the target's kernel (the latest when the version cannot be read).</summary>
    public static EraPolicy Era => EraPolicy.For(Version ?? KernelVersion.Latest);

    private static Identity Read()
    {
        var release = KernelFiles.Exists("/proc/sys/kernel/osrelease")
            ? KernelFiles.ReadText("/proc/sys/kernel/osrelease").Trim()
            : Environment.OSVersion.VersionString;
        var banner = KernelFiles.Exists("/proc/version") ? KernelFiles.ReadText("/proc/version") : string.Empty;
        return new Identity(release, VersionOf(release, banner));
    }

    /// <summary>The distribution's stable version in a /proc/version banner (<c>Debian 5.10.223-1</c>), else the release's.</summary>
    internal static KernelVersion? VersionOf(string release, string banner)
    {
        // The last one: the compiler's version comes first (gcc-10 (Debian 10.2.1-6) ... #1 SMP Debian 5.10.223-1).
        if (Distribution().Matches(banner) is { Count: > 0 } all && KernelVersion.TryParse(all[^1].Groups[1].Value, out var exact))
        {
            return exact;
        }
        return KernelVersion.TryParse(release, out var v) ? v : null;
    }

    [GeneratedRegex(@"\b(?:Debian|Ubuntu) (\d+\.\d+\.\d+)")]
    private static partial Regex Distribution();
}
