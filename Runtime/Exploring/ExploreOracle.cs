using MmDsl.Engine;
using MmDsl.Engine.Checks;

namespace MmDsl.Runtime.Exploring;

/// <summary>What an explored state broke.</summary>
internal enum ViolationKind
{
    /// <summary>The invariant checker found the machine inconsistent.</summary>
    Invariant,
    /// <summary>A process, or a pipe it filled, shows another process's write made after their fork.</summary>
    PrivateMemory,
    /// <summary>A process reads a value that is not its last write (data lost, across swap or otherwise).</summary>
    LostData,
    /// <summary>A long-term pin and the page table no longer agree (cow.c's pin coherence).</summary>
    PinCoherence,
    /// <summary>The engine threw: a bug of the simulator, shown as a user would have met it.</summary>
    Crash,
}

/// <summary>A broken rule: which, in words, and the <c>expect</c> (or <c>check</c>) line that fails on it.</summary>
internal sealed record Violation(ViolationKind Kind, string Message, string Expect);

/// <summary>
/// The rules every explored state must keep: the invariant checker; private memory (each process
/// reads its own last write, or what it inherited at fork); pin coherence as cow.c states it (a
/// R/W long-term pin and the page table stay the same page; a R/O long-term pin sees the pinning
/// process's later writes); a pipe filled by vmsplice shows only what its taker wrote.
/// </summary>
internal static class ExploreOracle
{
    public static string Describe(ViolationKind kind) => kind switch
    {
        ViolationKind.Invariant => "invariant",
        ViolationKind.PrivateMemory => "private memory",
        ViolationKind.LostData => "lost data",
        ViolationKind.PinCoherence => "pin coherence",
        ViolationKind.Crash => "crash",
        _ => kind.ToString(),
    };

    public static Violation? Check(Machine machine, Ghost ghost, IReadOnlyDictionary<string, long> mappings)
    {
        var problems = InvariantChecker.Check(machine);
        if (problems.Count > 0)
        {
            return new Violation(ViolationKind.Invariant, $"invariant violated: {problems[0]}", "check");
        }
        foreach (var ((p, m), expected) in ghost.Memory)
        {
            var process = machine.FindProcess(p);
            var read = process is null ? 0 : machine.Peek(process, mappings[m]);
            if (read != expected)
            {
                return ghost.Writer(read) is { } writer && writer != p && writer != "the setup"
                    ? new Violation(ViolationKind.PrivateMemory, $"{p} reads {read} at {m}, written by {writer}, not {expected}", $"expect value({p}, {m}) == {expected}")
                    : new Violation(ViolationKind.LostData, $"{p} reads {read} at {m}, not {expected}", $"expect value({p}, {m}) == {expected}");
            }
        }
        foreach (var (id, h) in ghost.Handles)
        {
            if (machine.FindHandle(id) is not { } handle)
            {
                continue;
            }
            var read = machine.HandleRead(handle, 0);
            var address = mappings[h.Mapping];
            if (h.Rule != HandleRule.Pipe && h.Tracking && ghost.Maps(h.Taker, h.Mapping))
            {
                var expected = ghost.Expected(h.Taker, h.Mapping);
                var what = h.Rule == HandleRule.PinRw ? "R/W" : "R/O";
                if (h.Rule == HandleRule.PinRw && machine.FindProcess(h.Taker) is { } taker
                    && machine.Lookup(taker, address) is { Present: true } info && info.Pfn != handle.Pfns[0])
                {
                    return new Violation(ViolationKind.PinCoherence,
                        $"the {what} long-term pin #{id} holds pfn 0x{handle.Pfns[0]:x}, {h.Taker} maps pfn 0x{info.Pfn:x} at {h.Mapping}",
                        $"expect pfn({h.Taker}, {h.Mapping}) == 0x{handle.Pfns[0]:x}");
                }
                if (read != expected)
                {
                    return new Violation(ViolationKind.PinCoherence,
                        $"the {what} long-term pin #{id} of {h.Taker}'s {h.Mapping} reads {read}, {h.Taker} reads {expected}",
                        $"expect handle(#{id}) == value({h.Taker}, {h.Mapping})");
                }
                continue;
            }
            if (!h.Allowed.Contains(read))
            {
                var writer = ghost.Writer(read);
                var kind = writer is not null && writer != h.Taker && writer != "the setup" ? ViolationKind.PrivateMemory : ViolationKind.LostData;
                var by = writer is null ? "" : $", written by {writer}";
                return new Violation(kind,
                    $"{(h.Rule == HandleRule.Pipe ? "the pipe" : "the pin")} #{id} of {h.Taker}'s {h.Mapping} reads {read}{by}; {h.Taker} wrote {string.Join(" or ", h.Allowed)}",
                    $"expect handle(#{id}) == {h.Allowed[^1]}");
            }
        }
        return null;
    }
}
