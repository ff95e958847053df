using System.Text.RegularExpressions;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// What a script declares about the host in comment lines of its own (by convention at the top;
/// at the end where moving the lines below would change output that cites line numbers):
/// <c># host: skip REASON</c> (never compare it with the host),
/// <c># host: needs zero-page, swap</c> (what its observations depend on; names below), and
/// <c># host: disagrees REASON</c> (it shows a simulator bug not fixed yet: a diff disagrees).
/// Everything else a script uses the host either does or reports as not done, row by row.
/// </summary>
internal sealed partial record HostScriptNeeds(HostRequirement Needs, string? Skip, string? Disagrees = null)
{
    private static readonly (string Word, HostRequirement Requirement)[] Words =
    [
        ("root", HostRequirement.Root), ("page-frames", HostRequirement.PageFrames), ("pagemap-scan", HostRequirement.PagemapScan),
        ("thp", HostRequirement.Thp), ("collapse", HostRequirement.Collapse), ("io_uring", HostRequirement.IoUringPin),
        ("swap", HostRequirement.Swap), ("zero-page", HostRequirement.ZeroPage), ("khugepaged", HostRequirement.Khugepaged),
    ];

    public static HostScriptNeeds None { get; } = new(HostRequirement.None, null);

    /// <summary>The requirement a word of a <c># host: needs</c> line names, or null.</summary>
    public static HostRequirement? RequirementOf(string word) =>
        Words.FirstOrDefault(w => w.Word == word) is { Word: not null } found ? found.Requirement : null;

    /// <summary>The declarations in the whole-line comments of TEXT.</summary>
    public static HostScriptNeeds Parse(string text)
    {
        var needs = HostRequirement.None;
        string? skip = null;
        string? disagrees = null;
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('#')))
        {
            var m = Header().Match(line);
            if (!m.Success)
            {
                continue;
            }
            if (m.Groups[1].Value == "skip")
            {
                skip = m.Groups[2].Value.Trim();
                continue;
            }
            if (m.Groups[1].Value == "disagrees")
            {
                disagrees = m.Groups[2].Value.Trim();
                continue;
            }
            foreach (var word in m.Groups[2].Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                var known = Words.FirstOrDefault(w => w.Word == word);
                needs |= known.Word is null
                    ? throw new FormatException($"'# host: needs {word}': not one of {string.Join(", ", Words.Select(w => w.Word))}")
                    : known.Requirement;
            }
        }
        return new HostScriptNeeds(needs, skip, disagrees);
    }

    /// <summary>Why this machine cannot compare the script, or null when it can.</summary>
    public string? Unmet(HostCapabilities capabilities) =>
        Skip is { } reason ? reason : capabilities.Unmet(HostRequirement.Linux | HostRequirement.Agent | Needs);

    [GeneratedRegex(@"^#\s*host:\s*(skip|needs|disagrees)\b\s*(.*)$")]
    private static partial Regex Header();
}
