namespace MmDsl.Engine.Mm;

/// <summary>vm_area_struct.vm_flags (the ones anonymous memory cares about).</summary>
[Flags]
public enum VmFlags
{
    None = 0,
    Read = 1 << 0,
    Write = 1 << 1,
    Shared = 1 << 3,
    MayRead = 1 << 4,
    MayWrite = 1 << 5,
    MayShare = 1 << 7,
    /// <summary>VM_HUGEPAGE (MADV_HUGEPAGE).</summary>
    HugePage = 1 << 8,
    /// <summary>VM_NOHUGEPAGE (MADV_NOHUGEPAGE).</summary>
    NoHugePage = 1 << 9,
    /// <summary>VM_DONTCOPY (MADV_DONTFORK).</summary>
    DontCopy = 1 << 10,
    /// <summary>VM_WIPEONFORK (MADV_WIPEONFORK).</summary>
    WipeOnFork = 1 << 11,
    /// <summary>VM_MERGEABLE (MADV_MERGEABLE): ksmd may merge the VMA's anonymous pages.</summary>
    Mergeable = 1 << 12,
    /// <summary>VM_LOCKED (mlock, MAP_LOCKED): pages stay resident; not inherited by a child.</summary>
    Locked = 1 << 13,

    ProtMask = Read | Write,
}

internal static class VmFlagsExtensions
{
    /// <summary>is_cow_mapping: private and may become writable.</summary>
    public static bool IsCowMapping(this VmFlags flags) => (flags & (VmFlags.Shared | VmFlags.MayShare | VmFlags.MayWrite)) == VmFlags.MayWrite;

    /// <summary>The /proc/PID/maps permission string, e.g. <c>rw-p</c>.</summary>
    public static string Perms(this VmFlags flags) =>
        string.Concat(
            (flags & VmFlags.Read) != 0 ? "r" : "-",
            (flags & VmFlags.Write) != 0 ? "w" : "-",
            "-",
            (flags & VmFlags.Shared) != 0 ? "s" : "p");
}
