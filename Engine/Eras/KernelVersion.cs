using System.Globalization;
using System.Text.RegularExpressions;

namespace MmDsl.Engine.Eras;

/// <summary>A kernel version such as 5.10.13 or 6.18.</summary>
internal readonly partial record struct KernelVersion(int Major, int Minor, int Patch = 0) : IComparable<KernelVersion>
{
    /// <summary>The newest version the engine knows; <c>latest</c> means this one.</summary>
    public static KernelVersion Latest { get; } = new(6, 18);

    public int CompareTo(KernelVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(KernelVersion a, KernelVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(KernelVersion a, KernelVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(KernelVersion a, KernelVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(KernelVersion a, KernelVersion b) => a.CompareTo(b) >= 0;

    /// <summary>Parse <c>5.16</c>, <c>v6.1-rc3</c>, <c>5.10.13</c> or <c>latest</c>.</summary>
    public static bool TryParse(string text, out KernelVersion version)
    {
        version = default;
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase))
        {
            version = Latest;
            return true;
        }
        var m = VersionPattern().Match(text);
        if (!m.Success)
        {
            return false;
        }
        var major = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        var patch = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        if (major is < 2 or > 99 || minor > 99)
        {
            return false;
        }
        version = new KernelVersion(major, minor, patch);
        return true;
    }

    public override string ToString() => Patch == 0 ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Patch}";

    [GeneratedRegex(@"^v?(\d{1,2})(?:\.(\d{1,3}))?(?:\.(\d{1,4}))?(?:-[A-Za-z0-9.+_-]+)?$")]
    private static partial Regex VersionPattern();
}
