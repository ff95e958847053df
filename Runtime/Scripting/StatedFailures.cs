using MmDsl.Engine.Eras;
using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>Whether <c>expect ... fails on VERSIONS</c> names a kernel version.</summary>
internal static class StatedFailures
{
    /// <summary>True when <paramref name="stated"/> names <paramref name="version"/>; false when either is missing.</summary>
    public static bool Covers(StatedFailure? stated, KernelVersion? version) =>
        stated is not null && version is { } v && stated.Ranges.Any(r => Covers(r, v));

    /// <summary>A bound of two numbers covers every patch release (5.17 covers 5.17.3).</summary>
    public static bool Covers(VersionRange range, KernelVersion version)
    {
        if (range.From is { } from && KernelVersion.TryParse(from, out var low) && version < low)
        {
            return false;
        }
        if (range.Last is { } last && KernelVersion.TryParse(last, out var high))
        {
            var wholeMinor = last.Count(c => c == '.') == 1;
            var compared = wholeMinor ? version with { Patch = 0 } : version;
            return compared <= high;
        }
        return true;
    }
}
