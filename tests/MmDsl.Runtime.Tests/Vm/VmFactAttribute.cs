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
