using System.Text.RegularExpressions;
using MmDsl.Language.Syntax;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// stat(NAME) for a host run: the changes of /proc/vmstat while the script's own commands ran, and
/// not in between. The counters are machine-wide; every other process on the machine moves them
/// too (pgreuse by tens a second on a quiet machine), so the less time they are watched, the less
/// of that is counted. Agents starting are left out, and forks and exits count only the THP
/// counters: an agent warms and frees its own memory, which moves the others.
/// Windows cost two reads of /proc/vmstat per command, so a run opens them only when the script
/// asks for such a counter.
/// </summary>
internal sealed partial class CounterWindows
{
    private readonly Dictionary<string, long> _total = new(StringComparer.Ordinal);
    private ProcVmStat? _open;
    private bool _thpOnly;
    private ProcVmStat? _known;

    public bool Enabled { get; init; }

    /// <summary>Watch the per-size THP statistics too (the script asks for one).</summary>
    public bool PerSize { get; init; }

    private ProcVmStat Known => _known ??= Take();

    private ProcVmStat Take() => ProcVmStat.Snapshot(PerSize);

    /// <summary>
    /// Starts watching (nested calls watch within the outer window). A <paramref name="thpOnly"/>
    /// window, around a fork or an exit, keeps only the THP counters: an agent forking or ending
    /// moves pgreuse and pgfree with its own memory, never a THP counter.
    /// </summary>
    public bool Begin(bool thpOnly = false)
    {
        if (!Enabled || _open is not null)
        {
            return false;
        }
        _open = Take();
        _thpOnly = thpOnly;
        return true;
    }

    public void End()
    {
        if (_open is not { } start)
        {
            return;
        }
        _known = Take();
        foreach (var (name, delta) in _known.Since(start).Changes)
        {
            if (_thpOnly && !IsThpCounter(name))
            {
                continue;
            }
            _total[name] = _total.GetValueOrDefault(name) + delta;
        }
        _open = null;
    }

    /// <summary>The counter's change while the windows were open, or null if this kernel has no such counter.</summary>
    public long? this[string name] => Known[name] is null ? null : _total.GetValueOrDefault(name);

    /// <summary>stat(NAME): while the script's commands ran when the windows are on, else since SESSION began.</summary>
    public HostObservation<long> Observe(string name, LiveSession session) =>
        !Enabled ? session.Stat(name)
        : this[name] is { } value ? HostObservation.Observed(value)
        : HostObservation.Unavailable<long>($"this kernel's /proc/vmstat has no {name}");

    private static bool IsThpCounter(string name) =>
        name.StartsWith("thp_", StringComparison.Ordinal) || MmDsl.Engine.MthpStatNames.TryParse(name, out _, out _);

    /// <summary>A script's <c>reset</c>: nothing counted.</summary>
    public void Clear() => _total.Clear();

    /// <summary>Whether a script asks for a /proc/vmstat counter (stat(NAME) other than pgfault, or show stats), its includes too.</summary>
    public static bool Needed(IEnumerable<Command> commands, string? directory) => Asks(commands, directory, AsksForCounter);

    /// <summary>Whether a script asks for a per-size THP statistic (<c>stat(split_64K)</c>), its includes too.</summary>
    public static bool NeedsPerSize(IEnumerable<Command> commands, string? directory) => Asks(commands, directory, AsksForPerSize);

    private static bool Asks(IEnumerable<Command> commands, string? directory, Func<string, bool> asks)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case ShowCommand { Kind: ShowKind.Stats } when asks("show stats"):
                    return true;
                case ForCommand f when Asks(f.Body, directory, asks):
                    return true;
                case IncludeCommand or RunCommand:
                    var path = command is IncludeCommand i ? i.Path.Path : ((RunCommand)command).Path.Path;
                    var full = Path.GetFullPath(Path.Combine(command.Span.Source.BaseDirectory ?? directory ?? ".", path));
                    if (!File.Exists(full) || asks(File.ReadAllText(full)))
                    {
                        return true;
                    }
                    break;
                default:
                    if (asks(command.Span.Text))
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    /// <summary>stat(NAME) with a NAME other than pgfault (which the agents count themselves), or show stats.</summary>
    private static bool AsksForCounter(string text) =>
        StatCall().Matches(text).Any(m => m.Groups[1].Value != "pgfault") || text.Contains("show stats", StringComparison.Ordinal);

    private static bool AsksForPerSize(string text) =>
        StatCall().Matches(text).Any(m => MmDsl.Engine.MthpStatNames.TryParse(m.Groups[1].Value, out _, out _));

    [GeneratedRegex(@"\bstat\s*\(\s*(\w+)")]
    private static partial Regex StatCall();
}
