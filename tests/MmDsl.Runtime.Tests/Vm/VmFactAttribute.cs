using MmDsl.LiveKernel.Vm;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>
/// A test that boots a kernel under QEMU: skipped with the reason when QEMU or mmdsl-init is missing,
/// or when a kernel series it names has not been fetched (tools/fetch-kernels).
/// </summary>
internal sealed class VmFactAttribute : FactAttribute
{
    public VmFactAttribute(params string[] series)
    {
        if (Unmet(series) is { } reason)
            Skip = reason;
    }

    /// <summary>The test execs the agent's hub mode in the guest: skipped while the agent has none.</summary>
    public bool NeedsHub
    {
        get => false;
        set
        {
            if (value && Skip is null && HubUnsupported.Value is { } reason)
                Skip = reason;
        }
    }

    private static readonly Lazy<string?> HubUnsupported = new(() =>
    {
        string agent = Path.Combine(AppContext.BaseDirectory, VmGuest.StaticAgentFileName);
        if (!File.Exists(agent))
            return $"no {agent}";
        var start = new System.Diagnostics.ProcessStartInfo(agent, ["--hub"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(5000))
            process.Kill();
        return error.Wait(5000) && error.Result.Contains("usage:", StringComparison.Ordinal)
            ? "the agent has no --hub mode yet (protocol v2)"
            : null;
    });

    public static string? Unmet(IEnumerable<string> series)
    {
        if (VmGuest.Unavailable() is { } reason)
            return reason;
        foreach (string s in series)
        {
            if (KernelCache.Kernel(s) is null)
                return $"kernel {s} not fetched into {KernelCache.Root} (run tools/fetch-kernels)";
        }
        return null;
    }
}

/// <summary>VM tests run one at a time: each boot is a CPU-bound TCG process on a shared 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection
{
    public const string Name = "vm";
}
