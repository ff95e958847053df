using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>The real kernel a script's marks are read for: in a virtual machine or not, and its version.</summary>
internal readonly record struct MarkTarget(bool InVm, KernelVersion? Version)
{
    /// <summary>The live backend's current target (this machine, or the guest of <c>--vm</c>).</summary>
    public static MarkTarget Current => new(!HubTargets.Current.IsLocal, HostKernel.Version);
}

/// <summary>
/// What a script declares about real kernels in comment lines of its own (by convention at the top;
/// at the end where moving the lines below would change output that cites line numbers):
/// <c># host: skip REASON</c> (never compare it with a real kernel),
/// <c># host: needs zero-page, swap</c> (what its observations depend on; names below), and
/// <c># host: disagrees REASON</c> (it shows a simulator bug not fixed yet: a diff disagrees).
/// <c># host</c> lines hold for every real kernel, this machine's or one in a virtual machine;
/// <c># vm</c> lines only for a kernel in a virtual machine (<c>--vm</c>). Either may name the
/// kernel versions it is about, as <c>expect ... fails on</c> does: <c># vm 5.10: skip REASON</c>,
/// <c># host 6.1 6.12: disagrees REASON</c>, <c># vm &lt;=6.1: needs swap</c>.
/// Everything else a script uses the host either does or reports as not done, row by row.
/// </summary>
internal sealed partial record HostScriptNeeds(HostRequirement Needs, string? Skip, string? Disagrees = null)
{
    private static readonly (string Word, HostRequirement Requirement)[] Words =
    [
        ("root", HostRequirement.Root), ("page-frames", HostRequirement.PageFrames), ("pagemap-scan", HostRequirement.PagemapScan),
        ("thp", HostRequirement.Thp), ("collapse", HostRequirement.Collapse), ("io_uring", HostRequirement.IoUringPin),
        ("swap", HostRequirement.Swap), ("zero-page", HostRequirement.ZeroPage), ("khugepaged", HostRequirement.Khugepaged),
        ("zram", HostRequirement.Zram),
    ];

    public static HostScriptNeeds None { get; } = new(HostRequirement.None, null);

    /// <summary>The requirement a word of a <c># host: needs</c> line names, or null.</summary>
    public static HostRequirement? RequirementOf(string word) =>
        Words.FirstOrDefault(w => w.Word == word) is { Word: not null } found ? found.Requirement : null;

    /// <summary>The declarations in the whole-line comments of TEXT that hold for this machine's kernel.</summary>
    public static HostScriptNeeds Parse(string text) => Parse(text, new MarkTarget(false, null));

    /// <summary>
    /// The declarations in the whole-line comments of TEXT that hold for TARGET. A line that names
    /// versions holds only for a target whose version it names (never for one of unknown version).
    /// </summary>
    public static HostScriptNeeds Parse(string text, MarkTarget target)
    {
        var needs = HostRequirement.None;
        string? skip = null;
        string? disagrees = null;
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('#')))
        {
            var m = Header().Match(line);
            if (!m.Success || !Holds(m.Groups[1].Value, m.Groups[2].Value, target, line))
            {
                continue;
            }
            var rest = m.Groups[4].Value.Trim();
            switch (m.Groups[3].Value)
            {
                case "skip":
                    skip = rest;
                    continue;
                case "disagrees":
                    disagrees = rest;
                    continue;
            }
            foreach (var word in rest.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                var known = Words.FirstOrDefault(w => w.Word == word);
                needs |= known.Word is null
                    ? throw new FormatException($"'{line}': '{word}' is not one of {string.Join(", ", Words.Select(w => w.Word))}")
                    : known.Requirement;
            }
        }
        return new HostScriptNeeds(needs, skip, disagrees);
    }

    /// <summary>Whether a mark of KIND (host, vm) naming VERSIONS (maybe none) holds for TARGET.</summary>
    private static bool Holds(string kind, string versions, MarkTarget target, string line)
    {
        var words = versions.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        var ranges = words.Select(w => VersionRanges.Parse(w, default)
            ?? throw new FormatException($"'{line}': '{w}' is not a version or range of versions: write 5.10, 5.9-5.17, <=6.1, >=6.9 or 6.15+")).ToList();
        if (kind == "vm" && !target.InVm)
        {
            return false;
        }
        return ranges.Count == 0 || (target.Version is { } v && ranges.Any(r => StatedFailures.Covers(r, v)));
    }

    /// <summary>Why this machine cannot compare the script, or null when it can.</summary>
    public string? Unmet(HostCapabilities capabilities) =>
        Skip is { } reason ? reason : capabilities.Unmet(HostRequirement.Linux | HostRequirement.Agent | Needs);

    [GeneratedRegex(@"^#\s*(host|vm)\b([^:]*):\s*(skip|needs|disagrees)\b\s*(.*)$")]
    private static partial Regex Header();
}
