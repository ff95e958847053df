using System.Text;

namespace MmDsl.Repl.Editor;

/// <summary>
/// The history file: one entry a line, a block's newlines written as <c>\n</c> and backslashes
/// as <c>\\</c>. Every write merges what other sessions wrote meanwhile, drops the older copy of
/// a repeated entry and replaces the file whole, so that a crash never leaves half a file.
/// History is a convenience: a file that cannot be read or written is ignored.
/// </summary>
internal static class HistoryFile
{
    public static List<string> Load(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return [];
            }
            return Dedupe(File.ReadAllLines(path).Where(l => l.Length > 0).Select(Unescape));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static void Append(string path, string entry, int capacity)
    {
        try
        {
            path = Resolve(path);
            var entries = Load(path);
            entries.Remove(entry);
            entries.Add(entry);
            if (entries.Count > capacity)
            {
                entries.RemoveRange(0, entries.Count - capacity);
            }
            if (!CanReplace(path))
            {
                // Never put a file in the place of /dev/null or a pipe: write to it.
                File.WriteAllLines(path, entries.Select(Escape));
                return;
            }
            var temp = path + ".tmp" + Environment.ProcessId;
            File.WriteAllLines(temp, entries.Select(Escape));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // History is not worth failing a command for.
        }
    }

    /// <summary>
    /// Whether the file may be replaced by a new one. Only a regular file with something in it
    /// is: devices and pipes (<c>MMDSL_HISTORY=/dev/null</c>) show a length of 0, and an empty
    /// file loses nothing by being written in place.
    /// </summary>
    public static bool CanReplace(string path)
    {
        var info = new FileInfo(path);
        return !info.Exists ? !Directory.Exists(path) : info.Length > 0;
    }

    /// <summary>The file a symbolic link points to, so that the link stays a link.</summary>
    private static string Resolve(string path) =>
        new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    /// <summary>Keep the last copy of each entry, in order.</summary>
    private static List<string> Dedupe(IEnumerable<string> entries)
    {
        var all = entries.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>(all.Count);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            if (seen.Add(all[i]))
            {
                kept.Add(all[i]);
            }
        }
        kept.Reverse();
        return kept;
    }

    public static string Escape(string entry) => entry.Replace("\\", "\\\\").Replace("\n", "\\n");

    public static string Unescape(string line)
    {
        var sb = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                i++;
                sb.Append(line[i] == 'n' ? '\n' : line[i]);
                continue;
            }
            sb.Append(line[i]);
        }
        return sb.ToString();
    }
}
