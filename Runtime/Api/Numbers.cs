using System.Globalization;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A page frame number. It converts to <see cref="long"/> wherever a number is expected, and prints
/// in hexadecimal (<c>0x400</c>) as the language prints pfns.
/// </summary>
public readonly record struct Pfn(long Value)
{
    public static implicit operator long(Pfn pfn) => pfn.Value;

    public static explicit operator Pfn(long value) => new(value);

    public static Pfn operator +(Pfn pfn, long pages) => new(pfn.Value + pages);

    public static Pfn operator -(Pfn pfn, long pages) => new(pfn.Value - pages);

    public static long operator -(Pfn a, Pfn b) => a.Value - b.Value;

    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>
/// A user virtual address. It converts to <see cref="long"/> wherever a number is expected, and
/// prints in hexadecimal (<c>0x200000</c>) as the language prints addresses.
/// </summary>
public readonly record struct Address(long Value)
{
    public static implicit operator long(Address address) => address.Value;

    public static explicit operator Address(long value) => new(value);

    public static Address operator +(Address address, long bytes) => new(address.Value + bytes);

    public static Address operator -(Address address, long bytes) => new(address.Value - bytes);

    public static long operator -(Address a, Address b) => a.Value - b.Value;

    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
