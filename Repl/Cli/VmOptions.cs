using System.CommandLine;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Vm;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>--vm KERNEL</c>, <c>--vm-modules DIR</c> and <c>--vm-accel</c> of <c>run</c>, <c>diff</c> and <c>report</c>: the
/// live backend's target becomes a kernel booted under QEMU for the length of the command (docs/vm.md).
/// </summary>
internal sealed class VmOptions
{
    public Option<string?> Kernel { get; } = new("--vm")
    {
        Description = "run on a kernel in a virtual machine: a vmlinuz/bzImage path, or 5.10, 6.1, 6.12 for the kernels tools/fetch-kernels fetched (docs/vm.md)",
        HelpName = "KERNEL",
    };

    public Option<string?> Modules { get; } = new("--vm-modules")
    {
        Description = "the kernel's modules tree (INSTALL_MOD_PATH, lib/modules or lib/modules/RELEASE), for zram; default: beside the kernel",
        HelpName = "DIR",
    };

    public Option<VmAccel> Accel { get; } = new("--vm-accel")
    {
        Description = "QEMU's accelerator: auto (KVM when it boots the kernel in time, else TCG), kvm or tcg",
        DefaultValueFactory = _ => VmAccel.Auto,
    };

    public Option<int> Cpus { get; } = new("--vm-cpus")
    {
        Description = "the guest's CPUs (1-64); agents run one per CPU, round robin, as the simulator gives each process a CPU of its own",
        DefaultValueFactory = _ => VmGuestOptions.DefaultCpus,
        HelpName = "N",
    };

    public void AddTo(Command command)
    {
        Cpus.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
                r.AddError("--vm-cpus: give 1 to 64");
        });
        command.Options.Add(Kernel);
        command.Options.Add(Modules);
        command.Options.Add(Accel);
        command.Options.Add(Cpus);
    }

    public bool Given(ParseResult result) => result.GetValue(Kernel) is not null;

    /// <summary>
    /// Runs <paramref name="body"/> with the guest as the live backend's target; SWAP becomes zram in
    /// the guest. QEMU ends with the command, whatever way it ends.
    /// </summary>
    public int Run(ParseResult result, long? swap, TextWriter output, Func<int> body) =>
        Run(result, swap, output, _ => body());

    /// <summary>The same, <paramref name="body"/> given the guest's description (<c>Linux 6.1.x in QEMU (kvm), booted in 2.1 s</c>).</summary>
    public int Run(ParseResult result, long? swap, TextWriter output, Func<string, int> body)
    {
        var kernel = result.GetValue(Kernel)!;
        try
        {
            using var vm = VmTarget.Start(new VmGuestOptions
            {
                Kernel = KernelCache.Resolve(kernel),
                Modules = result.GetValue(Modules),
                SwapBytes = swap ?? 0,
                Accel = result.GetValue(Accel),
                Cpus = result.GetValue(Cpus),
            }, CancelKey.Token);
            output.WriteLine($"vm: {vm.Description}");
            return body(vm.Description);
        }
        catch (VmBootException e)
        {
            output.WriteLine($"mmdsl: --vm {kernel}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (HostUnavailableException e)
        {
            output.WriteLine($"mmdsl: --vm {kernel}: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
