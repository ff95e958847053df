using System.Globalization;

namespace MmDsl.Runtime.Interpreter;

/// <summary>
/// A value of the language: a 64-bit number or a boolean. <see cref="Hex"/> remembers that the
/// number is an address, a pfn or a word, so that it prints in hexadecimal.
/// </summary>
public readonly record struct Value(long Number, bool IsBool, bool Hex)
{
    public static Value Of(long number, bool hex = false) => new(number, false, hex);

    public static Value Of(bool b) => new(b ? 1 : 0, true, false);

    public bool Bool => Number != 0;

    public override string ToString() =>
        IsBool ? (Bool ? "true" : "false")
        : Hex ? (Number < 0 ? "0x" + ((ulong)Number).ToString("x", CultureInfo.InvariantCulture) : "0x" + Number.ToString("x", CultureInfo.InvariantCulture))
        : Number.ToString(CultureInfo.InvariantCulture);
}
