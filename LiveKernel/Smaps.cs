using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>One VMA of /proc/PID/smaps with the sizes MmDsl compares (bytes).</summary>
internal sealed record SmapsVma(ulong Start, ulong End, string Permissions, string Name,
    ulong Rss, ulong Anonymous, ulong AnonHugePages, ulong Swap, bool ThpEligible, string VmFlags)
{
    public bool Contains(ulong address) => Start <= address && address < End;
}

/// <summary>Reads /proc/PID/smaps.</summary>
internal static class Smaps
{
    public static IReadOnlyList<SmapsVma> Read(int pid) => Parse(KernelFiles.Lines(KernelFiles.Current.Smaps(pid)));

    public static IReadOnlyList<SmapsVma> Parse(IEnumerable<string> lines)
    {
        var vmas = new List<SmapsVma>();
        SmapsVma? current = null;
        foreach (string line in lines)
        {
            if (TryParseHeader(line, out var header))
            {
                if (current is not null)
                    vmas.Add(current);
                current = header;
                continue;
            }
            if (current is null)
                continue;
            int colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            string key = line[..colon];
            string value = line[(colon + 1)..].Trim();
            current = key switch
            {
                "Rss" => current with { Rss = Kb(value) },
                "Anonymous" => current with { Anonymous = Kb(value) },
                "AnonHugePages" => current with { AnonHugePages = Kb(value) },
                "Swap" => current with { Swap = Kb(value) },
                "THPeligible" => current with { ThpEligible = value == "1" },
                "VmFlags" => current with { VmFlags = value },
                _ => current,
            };
        }
        if (current is not null)
            vmas.Add(current);
        return vmas;
    }

    private static bool TryParseHeader(string line, out SmapsVma vma)
    {
        vma = null!;
        int dash = line.IndexOf('-');
        int space = line.IndexOf(' ');
        if (dash <= 0 || space < dash)
            return false;
        if (!ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end))
            return false;
        string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        string name = fields.Length >= 6 ? fields[5].Trim() : "";
        vma = new SmapsVma(start, end, fields.Length > 1 ? fields[1] : "", name, 0, 0, 0, 0, false, "");
        return true;
    }

    private static ulong Kb(string value)
    {
        string number = value.EndsWith(" kB", StringComparison.Ordinal) ? value[..^3] : value;
        return ulong.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong kb) ? kb * 1024 : 0;
    }
}
