namespace MmDsl.LiveKernel;

/// <summary>How to start an agent.</summary>
internal sealed record HostAgentOptions
{
    public static HostAgentOptions Default { get; } = new();

    /// <summary>Default base: simulated address 0 is this real address (2M aligned, far below mmap_base).</summary>
    public const ulong DefaultBase = 0x2000_0000_0000;

    /// <summary>The agent checks that [base, base + span) is free at start; the script's mappings live there.</summary>
    public const ulong ScriptSpan = 1UL << 45;

    /// <summary>The agent binary; null finds it (see <see cref="AgentLocator"/>).</summary>
    public string? AgentPath { get; init; }

    public ulong Base { get; init; } = DefaultBase;

    /// <summary>
    /// Run every agent on this one CPU, so that faults, LRU batches and frees happen on one CPU and
    /// COW decisions that depend on per-CPU batch references are reproducible. Null: the lowest CPU this
    /// process may use. Ignored when <see cref="PinCpu"/> is false.
    /// </summary>
    public int? Cpu { get; init; }

    public bool PinCpu { get; init; } = true;

    /// <summary>Where agents run: null for <see cref="HubTargets.Current"/> (this machine unless a virtual machine is plugged in).</summary>
    public IHubTarget? Target { get; init; }

    /// <summary>How long one command may take before the agent is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
