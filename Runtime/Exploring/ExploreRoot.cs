using MmDsl.Engine.Eras;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Exploring;

/// <summary>
/// The state a search starts from: the world's setup script run once by the interpreter under the
/// chosen kernel, the mappings operations touch (page 0 of each, by name), and the oracle's model
/// seeded with what each process reads there.
/// </summary>
internal sealed class ExploreRoot
{
    private ExploreRoot(ExploreWorld world, KernelVersion version, string? policy, SessionSnapshot snapshot, Ghost ghost,
        IReadOnlyList<(string Name, long Size)> mappings, IReadOnlyDictionary<string, long> addresses)
    {
        World = world;
        Version = version;
        Policy = policy;
        Snapshot = snapshot;
        Ghost = ghost;
        Mappings = mappings;
        Addresses = addresses;
    }

    public ExploreWorld World { get; }

    /// <summary>The kernel version, or the base version of <see cref="Policy"/>.</summary>
    public KernelVersion Version { get; }

    /// <summary>The policy the setup selected (<c>kernel NAME</c>), or null.</summary>
    public string? Policy { get; }

    /// <summary>What the report calls the kernel: <c>5.7 (era &lt;=5.7)</c>, or <c>policy scan on 5.16 (era 5.9-5.17)</c>.</summary>
    public string Kernel(string era) => Policy is { } p
        ? $"policy {p} on {Version} (era {Engine.Eras.EraPolicy.For(Version).Name})"
        : $"{Version} (era {era})";

    public SessionSnapshot Snapshot { get; }

    public Ghost Ghost { get; }

    /// <summary>The mappings operations touch, with their sizes, in the order declared (or mapped).</summary>
    public IReadOnlyList<(string Name, long Size)> Mappings { get; }

    public IReadOnlyDictionary<string, long> Addresses { get; }

    /// <summary>
    /// Runs the setup under <paramref name="version"/> (null: the setup's own <c>kernel</c> line, or
    /// the latest); on a problem returns it as text (the setup's own diagnostics, positioned).
    /// </summary>
    public static (ExploreRoot? Root, string? Error) Build(ExploreWorld world, KernelVersion? version, Func<Running.ISnippetHost>? snippets = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var session = new Session(output, version) { NoCSharp = snippets is null };
        var interpreter = new Interpreter(session) { PinnedKernel = version is not null, Host = new Running.SessionServices(snippets) };
        var parsed = ScriptParser.Parse(new SourceText(world.Path, world.Text));
        if (!parsed.Success)
        {
            return (null, string.Join("\n", parsed.Diagnostics.Select(d => d.Format())));
        }
        if (!interpreter.Run(parsed.Script) || session.Errors > 0 || session.FailedExpectations > 0)
        {
            return (null, $"{world.Path}: the setup did not run cleanly:\n{output.ToString().TrimEnd()}");
        }
        var names = world.Mappings ?? session.MappingNames.OrderBy(n => session.Names[n].Number).ToList();
        if (names.Count == 0)
        {
            return (null, $"{world.Path}: the setup maps nothing: explore's operations act on page 0 of each mapping the setup names (mmap NAME SIZE)");
        }
        var mappings = new List<(string, long)>();
        var addresses = new Dictionary<string, long>();
        foreach (var name in names)
        {
            if (!session.MappingNames.Contains(name))
            {
                return (null, $"{world.Path}: '# explore: mappings' names '{name}', which the setup does not map (mmap {name} SIZE)");
            }
            var address = session.Names[name].Number;
            var size = session.Machine.Processes
                .Select(p => p.Mm.FindVma(address)).FirstOrDefault(v => v is not null)?.Size ?? 0;
            mappings.Add((name, size));
            addresses[name] = address;
        }
        var alive = session.Machine.Processes.Select(p => p.Name).ToList();
        var stranger = alive.FirstOrDefault(p => !world.Processes.Contains(p));
        if (stranger is not null)
        {
            return (null, $"{world.Path}: the setup makes process {stranger}, not among '# explore: processes' ({string.Join(" ", world.Processes)})");
        }
        if (alive.Count == 0)
        {
            return (null, $"{world.Path}: the setup makes no process");
        }
        var ghost = new Ghost();
        foreach (var p in session.Machine.Processes.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (var name in names)
            {
                if (p.Mm.FindVma(addresses[name]) is not null)
                {
                    ghost.Seed(p.Name, name, session.Machine.Peek(p, addresses[name]));
                }
            }
        }
        if (session.Machine.Handles.Count > 0)
        {
            return (null, $"{world.Path}: the setup leaves handles open; take pins and pipes inside the search (ops pin-ro, pin-rw, vmsplice)");
        }
        var policy = session.Machine.Era is Engine.Eras.OverriddenEra overridden ? overridden.Name : null;
        return (new ExploreRoot(world, session.Version, policy, session.Snapshot(), ghost, mappings, addresses), null);
    }
}
