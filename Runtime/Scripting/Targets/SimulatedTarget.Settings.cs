using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public void Kernel(KernelVersionRequest request)
    {
        var version = request.Version;
        if (request.Pinned)
        {
            Out.WriteLine($"kernel {version}: ignored, the command line chose {session.Version} (era {session.Era.Name})");
            return;
        }
        if (session.Processes.Count > 0)
        {
            throw new RuntimeError(request.Span, "the kernel can change only while no process exists (use 'reset' first)");
        }
        session.SetKernel(version, request.Policy);
        var era = session.Era;
        if (request.Policy is { } policy)
        {
            Out.WriteLine($"kernel {policy.Name}: {era.Summary}");
            return;
        }
        Out.WriteLine($"kernel {version}: era {era.Name} ({era.Range}): {era.Summary}");
    }

    public void Set(SettingRequest request)
    {
        var c = request.Command;
        var settings = M.Settings;
        switch (c.Key)
        {
            case "thp" when c.KeySize is { } size:
                SetPerSizeThp(request, size);
                break;
            case "thp":
                settings.Thp = ThpWord(request, allowInherit: false);
                Out.WriteLine($"thp = {request.RequireWord()}");
                break;
            case "thp.use_zero_page":
                settings.UseZeroPage = request.RequireWord() == "on";
                Out.WriteLine($"thp.use_zero_page = {request.RequireWord()}");
                break;
            case "swap":
                var swap = request.RequireNumber("a size");
                if (swap < 0 || swap > 1L << 40)
                {
                    throw new RuntimeError(c.Value.Span, "swap must be between 0 and 1T");
                }
                if (M.ResizeSwap(swap) != Errno.Ok)
                {
                    throw new RuntimeError(c.Span, "swap is in use: it can be resized only when empty");
                }
                Out.WriteLine($"swap = {Fmt.Size(swap)}");
                break;
            case "swap.file":
                if (M.SetSwapFile(request.RequireWord() == "on") != Errno.Ok)
                {
                    throw new RuntimeError(c.Span, "swap is in use: the device can change only when it is empty");
                }
                Out.WriteLine($"swap.file = {request.RequireWord()}");
                break;
            case "swap.device":
                var device = request.RequireWord();
                if (device is not ("disk" or "file" or "zram"))
                {
                    throw new RuntimeError(c.Span, $"swap.device is disk, file or zram, not '{device}'");
                }
                if (M.SetSwapDevice(device == "file", device == "zram") != Errno.Ok)
                {
                    throw new RuntimeError(c.Span, "swap is in use: the device can change only when it is empty");
                }
                Out.WriteLine($"swap.device = {device}");
                break;
            case "memory":
                var memory = request.RequireNumber("a size");
                if (memory < 64L << 20 || memory > 1L << 40)
                {
                    throw new RuntimeError(c.Value.Span, "memory must be between 64M and 1T");
                }
                if (M.Reconfigure(s => s.MemoryBytes = memory) != Errno.Ok)
                {
                    throw new RuntimeError(c.Span, "memory can change only while no process or handle exists (use 'reset' first)");
                }
                Out.WriteLine($"memory = {Fmt.Size(memory)}");
                break;
            default:
                SetKhugepaged(request);
                break;
        }
    }

    private void SetPerSizeThp(SettingRequest request, long size)
    {
        var c = request.Command;
        if (!session.Era.HasMthp)
        {
            // A notice, not an error, so that one script runs under every era.
            Out.WriteLine($"thp.{Fmt.Size(size)}: per-size THP controls arrived in 6.8; kernel {session.Version} ignores this");
            return;
        }
        var order = System.Numerics.BitOperations.Log2((ulong)size) - 12;
        if (size < 16 * 1024 || size > 2 * 1024 * 1024 || (size & (size - 1)) != 0)
        {
            throw new RuntimeError(c.KeySpan, "the size must be a power of two from 16K to 2M");
        }
        M.Settings.ThpPerOrder[order] = ThpWord(request, allowInherit: true);
        Out.WriteLine($"thp.{Fmt.Size(size)} = {request.RequireWord()}");
    }

    private void SetKhugepaged(SettingRequest request)
    {
        var c = request.Command;
        var value = request.RequireNumber("a number");
        var (max, apply) = c.Key switch
        {
            "khugepaged.max_ptes_none" => (511, (Action<int>)(v => M.Settings.MaxPtesNone = v)),
            "khugepaged.max_ptes_swap" => (511, v => M.Settings.MaxPtesSwap = v),
            "khugepaged.max_ptes_shared" => (511, v => M.Settings.MaxPtesShared = v),
            _ => throw new RuntimeError(c.KeySpan, $"unknown setting '{c.Key}'"),
        };
        if (value < 0 || value > max)
        {
            throw new RuntimeError(c.Value.Span, $"{c.Key} must be between 0 and {max} (EINVAL)");
        }
        apply((int)value);
        Out.WriteLine($"{c.Key} = {value}");
    }

    private static ThpMode ThpWord(SettingRequest request, bool allowInherit) => request.RequireWord() switch
    {
        "always" => ThpMode.Always,
        "madvise" => ThpMode.Madvise,
        "never" => ThpMode.Never,
        "inherit" when allowInherit => ThpMode.Inherit,
        var w => throw new RuntimeError(request.Command.Value.Span, $"'{w}' is not a THP mode: always, madvise, never{(allowInherit ? ", inherit" : string.Empty)}"),
    };
}
