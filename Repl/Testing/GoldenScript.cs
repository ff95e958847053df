using System.Text.RegularExpressions;

namespace MmDsl.Repl.Testing;

/// <summary>
/// A regression script <c>NAME.mm</c> with its golden output <c>NAME.out</c>. Header comments set
/// how it runs: <c># args: --kernel all</c> (command-line options) and <c># exit: 1</c> (the exit
/// code it must end with; 0 by default).
/// </summary>
internal sealed partial record GoldenScript(string Path, string[] Args, int ExpectedExit)
{
    public string OutPath => System.IO.Path.ChangeExtension(Path, ".out");

    public string ReceivedPath => System.IO.Path.ChangeExtension(Path, ".received");

    public static GoldenScript Load(string path)
    {
        var args = Array.Empty<string>();
        var exit = 0;
        foreach (var line in File.ReadLines(path).TakeWhile(l => l.StartsWith('#') || l.Trim().Length == 0))
        {
            var m = Header().Match(line);
            if (!m.Success)
            {
                continue;
            }
            if (m.Groups[1].Value == "args")
            {
                args = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            else
            {
                exit = int.Parse(m.Groups[2].Value.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return new GoldenScript(path, args, exit);
    }

    /// <summary>
    /// Every <c>NAME.mm</c> with a <c>NAME.out</c> beside it (or every <c>NAME.mm</c>, when
    /// <paramref name="includeNew"/>), under the given files and directories, sorted.
    /// </summary>
    public static IReadOnlyList<GoldenScript> Find(IEnumerable<string> paths, bool includeNew = false)
    {
        var found = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                found.AddRange(Directory.EnumerateFiles(path, "*.mm", SearchOption.AllDirectories));
            }
            else if (File.Exists(path))
            {
                found.Add(path);
            }
        }
        return found
            .Where(p => !IsLibrary(p) && (includeNew || File.Exists(System.IO.Path.ChangeExtension(p, ".out"))))
            .Select(p => p.Replace('\\', '/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    /// <summary>Scripts in a <c>lib</c> directory are pieces for <c>include</c>, never regression scripts.</summary>
    private static bool IsLibrary(string path) =>
        path.Replace('\\', '/').Split('/').Contains("lib");

    [GeneratedRegex(@"^#\s*(args|exit):\s*(.*)$")]
    private static partial Regex Header();
}
