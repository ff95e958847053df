namespace MmDsl.LiveKernel.Scripts;

/// <summary>A script's process on the host: its name and the agent that is it.</summary>
internal sealed record HostProcess(string Name, HostAgent Agent)
{
    public int Pid => Agent.Pid;
}

/// <summary>A handle <c>#N</c> of a host run, numbered as the simulator numbers them.</summary>
internal abstract record HostHandle(int Id, string Verb)
{
    /// <summary>Null when the handle can be read now, else why not.</summary>
    public virtual string? Unusable => null;
}

/// <summary>A long-term R/W pin: an io_uring fixed buffer held by its process's agent.</summary>
internal sealed record PinHandle(int Id, HostProcess Owner, HostPin Pin) : HostHandle(Id, "pin")
{
    public override string? Unusable => Owner.Agent.HasExited ? $"unavailable: #{Id} ended with {Owner.Name}, whose io_uring held the pin" : null;
}

/// <summary>A pipe holding pages by vmsplice, in its process's agent.</summary>
internal sealed record PipeHandle(int Id, HostProcess Owner, HostPipe Pipe) : HostHandle(Id, "vmsplice")
{
    public override string? Unusable => Owner.Agent.HasExited ? $"unavailable: #{Id} ended with {Owner.Name}, whose pipe it was" : null;
}

/// <summary>A handle the host could not take (<c>get</c>, <c>pin ro</c>): it keeps its number, and reads are unknown.</summary>
internal sealed record MissingHandle(int Id, string Verb, string Why) : HostHandle(Id, Verb)
{
    public override string? Unusable => Why;
}
