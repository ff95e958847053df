namespace MmDsl.LiveKernel;

/// <summary>
/// Keeps khugepaged from collapsing pages behind a host run's back: raises its scan and
/// allocation-failure sleep to a day, and restores exactly those two knobs on Dispose (or at exit,
/// Ctrl-C, SIGTERM; see <see cref="SysfsOverrides"/>). Writing the knob wakes khugepaged for one
/// last pass at once; that pass happens before any agent exists when the parker comes first.
/// </summary>
internal sealed class KhugepagedParker : IDisposable
{
    public const string ParkedMilliseconds = "86400000";
    private static readonly string[] Knobs = ["khugepaged.scan_sleep_millisecs", "khugepaged.alloc_sleep_millisecs"];
    private readonly List<IDisposable> changes = [];

    public KhugepagedParker(ThpSettings? settings = null, SysfsOverrides? overrides = null)
    {
        settings ??= new ThpSettings();
        overrides ??= SysfsOverrides.Default;
        try
        {
            foreach (string knob in Knobs)
            {
                string path = settings.PathOf(knob);
                if (!KernelFiles.Exists(path))
                {
                    Reason = $"{path} does not exist";
                    return;
                }
                changes.Add(overrides.Apply(path, ParkedMilliseconds));
            }
            Parked = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Reason = $"cannot park khugepaged: {e.Message}";
            Dispose();
        }
    }

    /// <summary>True when both knobs are raised.</summary>
    public bool Parked { get; private set; }

    /// <summary>Why the parker could not park khugepaged (null when it did).</summary>
    public string? Reason { get; private set; }

    public void Dispose()
    {
        Parked = false;
        for (int i = changes.Count - 1; i >= 0; i--)
            changes[i].Dispose();
        changes.Clear();
    }
}
