namespace MmDsl.LiveKernel;

/// <summary>
/// The THP knobs under /sys/kernel/mm/transparent_hugepage, named as the language names them:
/// <c>thp</c> (enabled), <c>thp.64K</c> (hugepages-64kB/enabled), <c>use_zero_page</c>,
/// <c>khugepaged.max_ptes_none</c> (khugepaged/max_ptes_none), ...
/// </summary>
internal sealed class ThpSettings(string root = ThpSettings.SysfsRoot)
{
    public const string SysfsRoot = "/sys/kernel/mm/transparent_hugepage";

    public string Root { get; } = root;

    public bool Exists => KernelFiles.Exists(Root + "/");

    /// <summary>The file behind a language setting name.</summary>
    public string PathOf(string setting)
    {
        if (setting == "thp")
            return Path.Combine(Root, "enabled");
        if (setting.StartsWith("thp.", StringComparison.Ordinal))
            return Path.Combine(Root, $"hugepages-{SizeInKb(setting[4..])}kB", "enabled");
        if (setting.StartsWith("khugepaged.", StringComparison.Ordinal))
            return Path.Combine(Root, "khugepaged", setting["khugepaged.".Length..]);
        return Path.Combine(Root, setting);
    }

    /// <summary>The current value: the bracketed choice of a choice file, else the trimmed content; null if absent.</summary>
    public string? Read(string setting)
    {
        string path = PathOf(setting);
        return KernelFiles.Exists(path) ? SelectedValue(KernelFiles.ReadText(path)) : null;
    }

    /// <summary>Writes a setting until the returned handle is disposed (and always undoes it, see <see cref="SysfsOverrides"/>).</summary>
    public IDisposable Set(string setting, string value, SysfsOverrides? overrides = null) =>
        (overrides ?? SysfsOverrides.Default).Apply(PathOf(setting), value);

    /// <summary>mTHP sizes this kernel offers, as the language writes them (16K, 2M, ...).</summary>
    public IReadOnlyList<string> Sizes() =>
        !Exists ? [] : [.. (KernelFiles.IsKernelPath(Root)
                ? KernelFiles.Current.ThpSizesKb().Select(kb => (long)kb)
                : Directory.GetDirectories(Root, "hugepages-*kB")
                    .Select(d => Path.GetFileName(d)!["hugepages-".Length..^2])
                    .Select(kb => long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture)))
            .Order()
            .Select(kb => kb >= 1024 && kb % 1024 == 0 ? $"{kb / 1024}M" : $"{kb}K")];

    /// <summary>Every setting whose current value differs from EXPECTED, as readable sentences.</summary>
    public IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> expected)
    {
        var differences = new List<string>();
        foreach (var (setting, value) in expected)
        {
            string? actual = Read(setting);
            if (actual is null)
                differences.Add($"{setting}: this kernel has no {PathOf(setting)}");
            else if (actual != value)
                differences.Add($"{setting} is '{actual}' on this machine, the script sets '{value}'");
        }
        return differences;
    }

    /// <summary><c>always [madvise] never</c> gives <c>madvise</c>; <c>511</c> gives <c>511</c>.</summary>
    public static string SelectedValue(string content)
    {
        int open = content.IndexOf('[');
        int close = open < 0 ? -1 : content.IndexOf(']', open);
        return close > open && open >= 0 ? content[(open + 1)..close] : content.Trim();
    }

    private static long SizeInKb(string size)
    {
        string s = size.ToUpperInvariant().Replace("IB", "", StringComparison.Ordinal).TrimEnd('B');
        long factor = s.EndsWith('M') ? 1024 : s.EndsWith('K') ? 1 : throw new ArgumentException($"bad mTHP size '{size}'");
        return long.Parse(s[..^1], System.Globalization.CultureInfo.InvariantCulture) * factor;
    }
}
