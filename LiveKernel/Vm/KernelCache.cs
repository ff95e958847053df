namespace MmDsl.LiveKernel.Vm;

/// <summary>
/// The kernels that tools/fetch-kernels fetched: ${MMDSL_KERNELS:-$HOME/.cache/mmdsl/kernels}/SERIES/
/// with vmlinuz, the modules tree (lib/modules/RELEASE) and a version file (the Debian package
/// version, e.g. 5.10.223-1).
/// </summary>
internal static class KernelCache
{
    public const string EnvironmentVariable = "MMDSL_KERNELS";

    /// <summary>The series the fetch script fetches, one per era it holds to a real kernel.</summary>
    public static readonly IReadOnlyList<string> Series = ["5.10", "6.1", "6.12"];

    public static string Root =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mmdsl", "kernels");

    /// <summary>The vmlinuz of a fetched series, or null when it has not been fetched.</summary>
    public static string? Kernel(string series)
    {
        string path = Path.Combine(Root, series, "vmlinuz");
        return File.Exists(path) ? path : null;
    }

    /// <summary>The Debian package version a fetched series was fetched at, or null.</summary>
    public static string? Version(string series)
    {
        string path = Path.Combine(Root, series, "version");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>A kernel argument as given: a path, or the name of a fetched series ("5.10").</summary>
    public static string Resolve(string kernel) =>
        !File.Exists(kernel) && Series.Contains(kernel) && Kernel(kernel) is { } cached ? cached : kernel;
}
