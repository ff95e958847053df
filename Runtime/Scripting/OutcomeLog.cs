namespace MmDsl.Runtime.Scripting;

/// <summary>
/// What the system calls and single accesses of a run returned, for a diff with another backend:
/// a row for each one that did not return <c>ok</c> (an errno, <c>SIGSEGV</c>), keyed by the
/// command's first line and, from its second run on, <c>#N</c>. A command with no row returned ok.
/// </summary>
internal sealed class OutcomeLog
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public List<Observation> Rows { get; } = [];

    /// <summary>Counts one run of COMMAND; keeps a row when it did not return ok, or when SKIPPED says it cannot be compared.</summary>
    public void Add(string command, string result, string? skipped = null)
    {
        var key = Key(command);
        var n = _seen.GetValueOrDefault(key) + 1;
        _seen[key] = n;
        if (result != "ok" || skipped is not null)
        {
            Rows.Add(new Observation(n == 1 ? key : $"{key} #{n}", result, null) { Skipped = skipped });
        }
    }

    /// <summary>A command's first line.</summary>
    public static string Key(string text)
    {
        var line = text.Trim();
        var end = line.IndexOf('\n');
        return end < 0 ? line : line[..end].TrimEnd() + " ...";
    }
}
