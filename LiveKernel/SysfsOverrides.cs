using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>
/// Changes to sysfs knobs that are always undone: when each change is disposed, at process exit, on
/// Ctrl-C, SIGTERM and SIGHUP; and if the process dies without any of those (SIGKILL), by the next
/// process that makes a change, from the restore file this one keeps in its state directory.
/// Changes to one file nest: the file returns to the value before the first change once the last is
/// disposed. Two processes changing the same knob at the same time are not coordinated. A Ctrl-C
/// handler that cancels the termination (e.Cancel = true) and was registered first keeps the changes.
/// </summary>
internal sealed class SysfsOverrides
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly string stateFile;
    private bool recovered;

    public SysfsOverrides(string stateDirectory)
    {
        StateDirectory = stateDirectory;
        stateFile = Path.Combine(stateDirectory, $"{Environment.ProcessId}-{ProcessStart(Environment.ProcessId)}.restore");
        ExitHooks.Register(RestoreAll);
    }

    /// <summary>The process-wide instance; its restore files live in the temp directory.</summary>
    public static SysfsOverrides Default { get; } = new(Path.Combine(Path.GetTempPath(), "mmdsl-sysfs-restore"));

    public string StateDirectory { get; }

    /// <summary>Files changed now, with the value each returns to.</summary>
    public IReadOnlyDictionary<string, string> Originals
    {
        get
        {
            lock (gate)
                return entries.ToDictionary(e => e.Key, e => e.Value.Original, StringComparer.Ordinal);
        }
    }

    /// <summary>Writes VALUE to PATH until the returned handle is disposed.</summary>
    public IDisposable Apply(string path, string value)
    {
        lock (gate)
        {
            RecoverAbandoned();
            bool fresh = !entries.TryGetValue(path, out var entry);
            if (entry is null)
            {
                entry = new Entry(ThpSettings.SelectedValue(KernelFiles.ReadText(path)));
                entries[path] = entry;
                SaveState();
            }
            try
            {
                KernelFiles.WriteText(path, value);
            }
            catch
            {
                if (fresh)
                {
                    entries.Remove(path);
                    SaveState();
                }
                throw;
            }
            var change = new Change(this, path, value);
            entry.Active.Add(change);
            return change;
        }
    }

    /// <summary>Undoes every change now (also what the exit and signal hooks do).</summary>
    public void RestoreAll()
    {
        lock (gate)
        {
            foreach (var (path, entry) in entries)
            {
                TryWrite(path, entry.Original);
                entry.Active.Clear();
            }
            entries.Clear();
            SaveState();
        }
    }

    /// <summary>Restores what processes that died with changes in place left behind.</summary>
    public int RecoverAbandoned()
    {
        lock (gate)
        {
            if (recovered || !Directory.Exists(StateDirectory))
                return 0;
            recovered = true;
            int restored = 0;
            foreach (string file in Directory.GetFiles(StateDirectory, "*.restore"))
            {
                if (file == stateFile || OwnerAlive(Path.GetFileNameWithoutExtension(file)))
                    continue;
                foreach (string line in File.ReadAllLines(file))
                {
                    int tab = line.IndexOf('\t');
                    if (tab > 0 && TryWrite(line[..tab], line[(tab + 1)..]))
                        restored++;
                }
                File.Delete(file);
            }
            return restored;
        }
    }

    private void Release(Change change)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(change.Path, out var entry) || !entry.Active.Remove(change))
                return;
            TryWrite(change.Path, entry.Active.Count == 0 ? entry.Original : entry.Active[^1].Value);
            if (entry.Active.Count == 0)
            {
                entries.Remove(change.Path);
                SaveState();
            }
        }
    }

    private void SaveState()
    {
        try
        {
            if (entries.Count == 0)
            {
                File.Delete(stateFile);
                return;
            }
            Directory.CreateDirectory(StateDirectory);
            File.WriteAllLines(stateFile, entries.Select(e => $"{e.Key}\t{e.Value.Original}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // without a restore file only a SIGKILL can leave a change behind
        }
    }

    private static bool TryWrite(string path, string value)
    {
        try
        {
            KernelFiles.WriteText(path, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HostAgentException or HostUnavailableException)
        {
            return false;
        }
    }

    private static bool OwnerAlive(string name)
    {
        int dash = name.IndexOf('-');
        return dash > 0 && int.TryParse(name[..dash], CultureInfo.InvariantCulture, out int pid)
            && ProcessStart(pid) == name[(dash + 1)..];
    }

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks): a pid plus this names one process.</summary>
    internal static string ProcessStart(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : "0";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "gone";
        }
    }

    private sealed class Entry(string original)
    {
        public string Original { get; } = original;

        public List<Change> Active { get; } = [];
    }

    private sealed class Change(SysfsOverrides owner, string path, string value) : IDisposable
    {
        public string Path { get; } = path;

        public string Value { get; } = value;

        public void Dispose() => owner.Release(this);
    }
}
