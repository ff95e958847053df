namespace MmDsl.Runtime.Tests.Properties;

/// <summary>
/// One step of a random script. Operands are choices, resolved against the state when the step
/// runs (which process, which mapped page), so that shrinking keeps scripts meaningful.
/// </summary>
public abstract record Op;

public sealed record MmapOp(int Pages, bool Thp, bool NoThp, bool Shared, bool DontFork, bool WipeOnFork, bool ReadOnly) : Op;

public sealed record MunmapOp(int Proc, int At, int Pages) : Op;

public sealed record MprotectOp(int Proc, int At, int Pages, int Prot) : Op;

public sealed record MremapOp(int Proc, int At, int Pages, int NewPages, bool Move) : Op;

public sealed record MadviseOp(int Proc, int At, int Pages, int Advice) : Op;

public sealed record ForkOp(int Proc) : Op;

public sealed record ExitOp(int Proc) : Op;

public sealed record UseOp(int Proc) : Op;

public sealed record ReadOp(int Proc, int At, int Word) : Op;

public sealed record WriteOp(int Proc, int At, int Word, int Value, int Pages) : Op;

public sealed record GupOp(int Proc, int At, int Pages, int Kind) : Op;

public sealed record ReleaseOp(int Handle) : Op;

public sealed record SwapoutOp(int Proc, int At, int Pages) : Op;

public sealed record ReclaimOp : Op;

public sealed record SplitOp(int Proc, int At, bool Folio) : Op;

public sealed record CollapseOp(int Proc, int At) : Op;

public sealed record MigrateOp(int Proc, int At, int Pages) : Op;

public sealed record ShrinkOp : Op;

public sealed record KhugepagedOp : Op;

public sealed record DrainOp : Op;

/// <summary>set swap.device: 0 a disk, 1 a file, 2 zram (taken only while no swap slot is in use).</summary>
public sealed record SwapDeviceOp(int Kind) : Op;

/// <summary>ksmd's full scans until nothing more merges (the <c>ksm</c> command).</summary>
public sealed record KsmOp : Op;

public sealed record MthpOp(int Order, int Mode) : Op;

/// <summary>An mmap of a memfd: an existing one (chosen by <paramref name="File"/>) or a new one of <paramref name="Pages"/> pages.</summary>
public sealed record MemfdMmapOp(int File, int Pages, bool Shared, bool ReadOnly) : Op;

/// <summary>pwrite of one word into a memfd's page cache.</summary>
public sealed record PwriteOp(int File, int Index, int Word, int Value) : Op;

/// <summary>mlock (or munlock) of a range of a process's mapped pages.</summary>
public sealed record MlockOp(int Proc, int At, int Pages, bool Unlock) : Op;

/// <summary>Which families of operations a property draws from.</summary>
[Flags]
public enum Alphabet
{
    Basic = 1,
    Gup = 2,
    Swap = 4,
    Thp = 8,
    Ksm = 16,
    /// <summary>memfd mappings, private and shared, and pwrite.</summary>
    Files = 32,
    /// <summary>mlock and munlock.</summary>
    Lock = 64,
    All = Basic | Gup | Swap | Thp | Ksm | Files | Lock,
}
