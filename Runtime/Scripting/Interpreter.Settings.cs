using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Kernel(KernelCommand c)
    {
        if (!KernelVersion.TryParse(c.Version, out var version))
        {
            throw new RuntimeError(c.VersionSpan, $"'{c.Version}' is not a kernel version (try 5.16, 6.1 or latest)");
        }
        if (PinnedKernel)
        {
            Out.WriteLine($"kernel {version}: ignored, the command line chose {_session.Version} (era {_session.Era.Name})");
            return;
        }
        if (_session.Processes.Count > 0)
        {
            throw new RuntimeError(c.Span, "the kernel can change only while no process exists (use 'reset' first)");
        }
        _session.SetKernel(version);
        var era = _session.Era;
        Out.WriteLine($"kernel {version}: era {era.Name} ({era.Range}): {era.Summary}");
    }

    private void Set(SetCommand c)
    {
        var settings = M.Settings;
        switch (c.Key)
        {
            case "thp" when c.KeySize is { } size:
                SetPerSizeThp(c, size);
                break;
            case "thp":
                settings.Thp = ThpWord(c.Value, allowInherit: false);
                Out.WriteLine($"thp = {Word(c.Value)}");
                break;
            case "thp.use_zero_page":
                settings.UseZeroPage = Word(c.Value) == "on";
                Out.WriteLine($"thp.use_zero_page = {Word(c.Value)}");
                break;
            case "swap":
                var swap = Number(c.Value, "a size");
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
                if (M.SetSwapFile(Word(c.Value) == "on") != Errno.Ok)
                {
                    throw new RuntimeError(c.Span, "swap is in use: the device can change only when it is empty");
                }
                Out.WriteLine($"swap.file = {Word(c.Value)}");
                break;
            case "memory":
                var memory = Number(c.Value, "a size");
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
                SetKhugepaged(c);
                break;
        }
    }

    private void SetPerSizeThp(SetCommand c, long size)
    {
        if (!_session.Era.HasMthp)
        {
            // A notice, not an error, so that one script runs under every era.
            Out.WriteLine($"thp.{Fmt.Size(size)}: per-size THP controls arrived in 6.8; kernel {_session.Version} ignores this");
            return;
        }
        var order = System.Numerics.BitOperations.Log2((ulong)size) - 12;
        if (size < 16 * 1024 || size > 2 * 1024 * 1024 || (size & (size - 1)) != 0)
        {
            throw new RuntimeError(c.KeySpan, "the size must be a power of two from 16K to 2M");
        }
        M.Settings.ThpPerOrder[order] = ThpWord(c.Value, allowInherit: true);
        Out.WriteLine($"thp.{Fmt.Size(size)} = {Word(c.Value)}");
    }

    private void SetKhugepaged(SetCommand c)
    {
        var value = Number(c.Value, "a number");
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

    private long Number(SetValue value, string what) => value switch
    {
        ExprSetValue e => _eval.Number(e.Value, what),
        _ => throw new RuntimeError(value.Span, $"expected {what}"),
    };

    private static string Word(SetValue value) => value switch
    {
        WordSetValue w => w.Word,
        _ => throw new RuntimeError(value.Span, "expected a word such as always, madvise, never, on or off"),
    };

    private static ThpMode ThpWord(SetValue value, bool allowInherit) => Word(value) switch
    {
        "always" => ThpMode.Always,
        "madvise" => ThpMode.Madvise,
        "never" => ThpMode.Never,
        "inherit" when allowInherit => ThpMode.Inherit,
        var w => throw new RuntimeError(value.Span, $"'{w}' is not a THP mode: always, madvise, never{(allowInherit ? ", inherit" : string.Empty)}"),
    };

    private void Reset()
    {
        _session.Reset();
        Out.WriteLine("reset: a fresh machine");
    }
}
