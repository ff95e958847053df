namespace MmDsl.Runtime.Exploring;

/// <summary>
/// What <c>mmdsl explore</c> searches: a setup script (an ordinary <c>.mm</c> file), the process
/// names that may live, the mappings operations touch (page 0 of each), the alphabet and the depth.
/// The file declares them in <c>#&#160;explore:</c> comment lines, so that it still runs as a script;
/// the command line may override each.
/// </summary>
internal sealed record ExploreWorld(
    string Path,
    string Text,
    IReadOnlyList<string> Processes,
    IReadOnlyList<OpKind> Ops,
    int Depth,
    IReadOnlyList<string>? Mappings)
{
    /// <summary><c># explore: kernel V|all|V,V</c>: the kernels to explore under when the command line names none (null: the setup's own).</summary>
    public string? Kernel { get; init; }

    public const int DefaultDepth = 4;

    public const int MaxProcesses = 4;

    /// <summary>The alphabet when none is declared.</summary>
    public static readonly IReadOnlyList<OpKind> DefaultOps =
    [
        OpKind.Fork, OpKind.Exit, OpKind.Write, OpKind.Read, OpKind.PinRo, OpKind.PinRw, OpKind.Unpin,
        OpKind.Vmsplice, OpKind.Close, OpKind.Swapout, OpKind.MprotectRo, OpKind.MprotectRw, OpKind.Munmap,
        OpKind.Split, OpKind.Collapse,
    ];

    /// <summary>
    /// Reads the <c># explore:</c> lines of <paramref name="text"/>: <c>processes A B</c>,
    /// <c>mappings buf big</c>, <c>ops fork write ...</c>, <c>depth N</c>. Returns the world, or
    /// the first bad line as FILE:LINE:COL: message.
    /// </summary>
    public static (ExploreWorld? World, string? Error) Parse(string path, string text)
    {
        List<string>? processes = null;
        List<string>? mappings = null;
        List<OpKind>? ops = null;
        var depth = DefaultDepth;
        string? kernel = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var at = line.IndexOf("# explore:", StringComparison.Ordinal);
            if (at < 0 || line[..at].Trim().Length > 0)
            {
                continue;
            }
            var column = at + "# explore:".Length + 1;
            var words = line[(at + "# explore:".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Where(int word) => $"{path}:{i + 1}:{ColumnOf(line, column, words, word)}";
            if (words.Length == 0)
            {
                return (null, $"{Where(-1)}: '# explore:' needs a key: processes, mappings, ops, depth or kernel");
            }
            var values = words[1..];
            switch (words[0])
            {
                case "processes":
                    var error = ParseProcesses(values, out processes);
                    if (error is not null)
                    {
                        return (null, $"{Where(error.Value.Word + 1)}: {error.Value.Message}");
                    }
                    break;
                case "mappings":
                    mappings = [.. values];
                    if (mappings.Count == 0)
                    {
                        return (null, $"{Where(0)}: 'mappings' needs at least one mapping name");
                    }
                    break;
                case "ops" when values.Length == 0:
                    return (null, $"{Where(0)}: 'ops' needs at least one operation (operations: {string.Join(", ", OpKinds.All.Select(o => o.Name))})");
                case "ops":
                    var (parsed, bad) = ParseOps(values);
                    if (parsed is null)
                    {
                        return (null, $"{Where(bad + 1)}: unknown operation '{values[bad]}' (operations: {string.Join(", ", OpKinds.All.Select(o => o.Name))})");
                    }
                    ops = parsed;
                    break;
                case "depth":
                    if (values.Length != 1 || !int.TryParse(values[0], out depth) || depth < 1 || depth > 64)
                    {
                        return (null, $"{Where(1)}: 'depth' takes one number from 1 to 64");
                    }
                    break;
                case "kernel":
                    if (values.Length != 1)
                    {
                        return (null, $"{Where(0)}: 'kernel' takes one word: a version, all, or versions separated by commas");
                    }
                    kernel = values[0];
                    break;
                default:
                    return (null, $"{Where(0)}: unknown key '{words[0]}' (keys: processes, mappings, ops, depth, kernel)");
            }
        }
        return (new ExploreWorld(path, text, processes ?? ["A", "B"], ops ?? DefaultOps, depth, mappings) { Kernel = kernel }, null);
    }

    /// <summary>Process names: 1 to <see cref="MaxProcesses"/>, distinct, identifiers.</summary>
    public static (int Word, string Message)? ParseProcesses(IReadOnlyList<string> values, out List<string> processes)
    {
        processes = [];
        if (values.Count is 0 or > MaxProcesses)
        {
            return (-1, $"'processes' takes 1 to {MaxProcesses} process names");
        }
        for (var w = 0; w < values.Count; w++)
        {
            var name = values[w];
            if (!(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                return (w, $"'{name}' is not a process name");
            }
            if (processes.Contains(name))
            {
                return (w, $"'{name}' is named twice");
            }
            processes.Add(name);
        }
        return null;
    }

    /// <summary>Operation names, or the index of the first unknown one.</summary>
    public static (List<OpKind>? Ops, int Bad) ParseOps(IReadOnlyList<string> values)
    {
        var ops = new List<OpKind>();
        for (var w = 0; w < values.Count; w++)
        {
            if (!OpKinds.TryParse(values[w], out var kind))
            {
                return (null, w);
            }
            if (!ops.Contains(kind))
            {
                ops.Add(kind);
            }
        }
        return ops.Count == 0 ? (null, 0) : (ops, -1);
    }

    /// <summary>The 1-based column of <paramref name="words"/>[<paramref name="word"/>] (the key is word 0), or of the text after the colon.</summary>
    private static int ColumnOf(string line, int start, string[] words, int word)
    {
        if (word < 0 || words.Length == 0)
        {
            return start;
        }
        var index = start - 1;
        var last = Math.Min(word, words.Length - 1);
        for (var w = 0; w <= last; w++)
        {
            index = line.IndexOf(words[w], index, StringComparison.Ordinal);
            if (w < last)
            {
                index += words[w].Length;
            }
        }
        return index + 1;
    }
}
