using System.Globalization;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// A value of the language: a 64-bit number or a boolean. <see cref="Hex"/> remembers that the
/// number is an address, a pfn or a word, so that it prints in hexadecimal.
/// </summary>
internal readonly record struct Value(long Number, bool IsBool, bool Hex)
{
    /// <summary>
    /// Why the backend could not give this value (a query user space cannot observe on the live
    /// kernel, a handle it could not take), or null for a known value. The simulator knows every value.
    /// </summary>
    public string? Unknown { get; init; }

    /// <summary>
    /// The value depends on the machine, not only on the kernel's rules: a page frame number, or
    /// what is computed from one. Two machines may disagree on it and both be right.
    /// </summary>
    public bool MachineSpecific { get; init; }

    public bool IsUnknown => Unknown is not null;

    public static Value Of(long number, bool hex = false) => new(number, false, hex);

    public static Value Of(bool b) => new(b ? 1 : 0, true, false);

    /// <summary>A value the backend cannot give, and why.</summary>
    public static Value Unobserved(bool isBool, string why) => new(0, isBool, false) { Unknown = why };

    public bool Bool => Number != 0;

    public override string ToString() =>
        IsUnknown ? "unknown"
        : IsBool ? (Bool ? "true" : "false")
        : Hex ? (Number < 0 ? "0x" + ((ulong)Number).ToString("x", CultureInfo.InvariantCulture) : "0x" + Number.ToString("x", CultureInfo.InvariantCulture))
        : Number.ToString(CultureInfo.InvariantCulture);
}
