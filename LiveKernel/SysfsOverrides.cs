using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>
/// Changes to sysfs knobs that are always undone: when each change is disposed, at process exit, on
/// Ctrl-C, SIGTERM and SIGHUP; and if the process dies without any of those (SIGKILL), by the next
/// process that makes a change, from the restore file this one keeps in its state directory.
/// Changes to one file nest: the file returns to the value before the first change once the last is
/// disposed. Two processes changing the same knob at the same time are not coordinated. A Ctrl-C
/// handler that cancels the termination (e.Cancel = true) and was registered first keeps the changes.
/// Each change is undone on the target it was made on (this machine or a virtual machine), whatever
/// target is current when it is undone; only this machine's changes go into the restore file (a
/// virtual machine's knobs end with it).
/// </summary>
internal sealed class SysfsOverrides
{
    private readonly Lock gate = new();
    private readonly Dictionary<(IKernelFiles Files, string Path), Entry> entries = [];
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
                return entries.Where(e => e.Key.Files == KernelFiles.Current).ToDictionary(e => e.Key.Path, e => e.Value.Original, StringComparer.Ordinal);
        }
    }

    /// <summary>Writes VALUE to PATH until the returned handle is disposed.</summary>
    public IDisposable Apply(string path, string value)
    {
        lock (gate)
        {
            RecoverAbandoned();
            var key = (KernelFiles.Current, path);
            bool fresh = !entries.TryGetValue(key, out var entry);
            if (entry is null)
            {
                entry = new Entry(ThpSettings.SelectedValue(Read(key.Current, path)), HubTargets.Current.IsLocal);
                entries[key] = entry;
                SaveState();
            }
            try
            {
                // A knob that already holds the value is left alone: writing some (khugepaged's
                // sleeps) has an effect of its own, a pass of khugepaged at once.
                if (entry.Current != value)
                {
                    Write(key.Current, path, value);
                    entry.Current = value;
                }
            }
            catch
            {
                if (fresh)
                {
                    entries.Remove(key);
                    SaveState();
                }
                throw;
            }
            var change = new Change(this, key, value);
            entry.Active.Add(change);
            return change;
        }
    }

    /// <summary>Undoes every change now (also what the exit and signal hooks do).</summary>
    public void RestoreAll()
    {
        lock (gate)
        {
            foreach (var (key, entry) in entries)
            {
                if (entry.Current != entry.Original)
                    TryWrite(key.Files, key.Path, entry.Original);
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
                    if (tab > 0 && TryWrite(LocalHubTarget.Instance.Files, line[..tab], line[(tab + 1)..]))
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
            if (!entries.TryGetValue(change.Key, out var entry) || !entry.Active.Remove(change))
                return;
            var back = entry.Active.Count == 0 ? entry.Original : entry.Active[^1].Value;
            if (entry.Current != back && TryWrite(change.Key.Files, change.Key.Path, back))
                entry.Current = back;
            if (entry.Active.Count == 0)
            {
                entries.Remove(change.Key);
                SaveState();
            }
        }
    }

    private void SaveState()
    {
        try
        {
            var local = entries.Where(e => e.Value.Local).ToList();
            if (local.Count == 0)
            {
                File.Delete(stateFile);
                return;
            }
            Directory.CreateDirectory(StateDirectory);
            File.WriteAllLines(stateFile, local.Select(e => $"{e.Key.Path}\t{e.Value.Original}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // without a restore file only a SIGKILL can leave a change behind
        }
    }

    /// <summary>A kernel path (/proc, /sys) of FILES' target; any other path (a test's stand-in tree) is a file here.</summary>
    private static string Read(IKernelFiles files, string path) =>
        KernelFiles.IsKernelPath(path) ? files.ReadText(path) : File.ReadAllText(path);

    private static void Write(IKernelFiles files, string path, string value)
    {
        if (KernelFiles.IsKernelPath(path))
            files.WriteText(path, value);
        else
            File.WriteAllText(path, value);
    }

    private static bool TryWrite(IKernelFiles files, string path, string value)
    {
        try
        {
            Write(files, path, value);
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

    private sealed class Entry(string original, bool local)
    {
        public string Original { get; } = original;

        /// <summary>What the knob holds now, as far as this process wrote it.</summary>
        public string Current { get; set; } = original;

        /// <summary>Made on this machine: kept in the restore file.</summary>
        public bool Local { get; } = local;

        public List<Change> Active { get; } = [];
    }

    private sealed class Change(SysfsOverrides owner, (IKernelFiles Files, string Path) key, string value) : IDisposable
    {
        public (IKernelFiles Files, string Path) Key { get; } = key;

        public string Value { get; } = value;

        public void Dispose() => owner.Release(this);
    }
}
