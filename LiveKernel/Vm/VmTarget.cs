namespace MmDsl.LiveKernel.Vm;

/// <summary>
/// A kernel in a virtual machine as the live backend's target (<c>--vm KERNEL</c>): boots the guest,
/// talks to the hub its init execs over the protocol serial port, and makes it the current target
/// for the run, so that host runs and diffs go to the guest. Disposing ends the guest and restores
/// this machine as the target.
/// </summary>
internal sealed class VmTarget : IDisposable
{
    private readonly SharedHubTarget _target;
    private readonly IHubTarget _previous;
    private int _disposed;

    private VmTarget(VmGuest guest, SharedHubTarget target, IHubTarget previous)
    {
        Guest = guest;
        _target = target;
        _previous = previous;
    }

    public VmGuest Guest { get; }

    /// <summary>What a run's header says: <c>Linux 5.10.0-32-cloud-amd64 (Debian 5.10.223-1) in QEMU (tcg), booted in 6.1 s</c>.</summary>
    public string Description =>
        $"Linux {Guest.Release}{(Guest.Version != Guest.Release ? $" ({Guest.Version})" : string.Empty)} in QEMU ({Guest.Accel.ToString().ToLowerInvariant()}), booted in {Guest.BootTime.TotalSeconds:F1} s";

    /// <summary>Boots KERNEL (a vmlinuz path, or a fetched series such as 5.10) and makes its hub the current target.</summary>
    public static VmTarget Start(VmGuestOptions options, CancellationToken cancel = default)
    {
        var guest = VmGuest.Boot(options, cancel);
        try
        {
            var transport = new StreamHubTransport(guest.ToGuest, guest.FromGuest, $"the kernel in the virtual machine ({guest.Release})", owner: guest);
            var hub = new HubConnection(transport, TimeSpan.FromSeconds(60));
            // The guest's init runs the hub on the last CPU alone; the agents get the others.
            var target = new SharedHubTarget(hub, spreadCpus: guest.Cpus >= 2 ? guest.Cpus - 1 : 0);
            var previous = HubTargets.Current;
            HubTargets.Current = target;
            return new VmTarget(guest, target, previous);
        }
        catch (Exception e) when (e is not VmBootException)
        {
            var tail = guest.ConsoleTail();
            guest.Dispose();
            throw new VmBootException($"the guest booted but its agent did not answer: {e.Message}", tail);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        HubTargets.Current = _previous;
        // QEMU first: the hub connection's reader waits on its output until it ends.
        Guest.Dispose();
        _target.Dispose();
    }
}
