using System.Globalization;

namespace MmDsl.Runtime.Output;

/// <summary>How numbers print: addresses and pfns in hex, sizes with a suffix.</summary>
internal static class Fmt
{
    public static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Pfn(int pfn) => "0x" + pfn.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>4096 as <c>4K</c>, 2097152 as <c>2M</c>; other values in bytes.</summary>
    public static string Size(long bytes)
    {
        if (bytes == 0)
        {
            return "0";
        }
        string[] suffixes = ["K", "M", "G", "T"];
        var value = bytes;
        var i = -1;
        while (i + 1 < suffixes.Length && value % 1024 == 0)
        {
            value /= 1024;
            i++;
        }
        return i < 0 ? bytes.ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture) + suffixes[i];
    }

    /// <summary>Kilobytes as smaps prints them: <c>2048 kB</c>.</summary>
    public static string Kb(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " kB";

    public static string Range(long start, long end) => $"{Hex(start)}-{Hex(end)}";

    public static string Dec(long value) => value.ToString(CultureInfo.InvariantCulture);
}
