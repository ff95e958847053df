using System.Globalization;
using MmDsl.Language.Syntax;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    private const string SplitHugePages = "/sys/kernel/debug/split_huge_pages";
    private const string DropCaches = "/proc/sys/vm/drop_caches";

    private void Kernel(KernelCommand c)
    {
        if (!KernelVersion.TryParse(c.Version, out var version))
        {
            throw new RuntimeError(c.VersionSpan, $"'{c.Version}' is not a kernel version (try 5.16, 6.1 or latest)");
        }
        var host = HostKernel.Era;
        if (PinnedKernel)
        {
            Out.WriteLine($"kernel {version}: ignored, the host runs {HostKernel.Release} (era {host.Name})");
            return;
        }
        if (_binder.Processes.Count > 0)
        {
            throw new RuntimeError(c.Span, "the kernel can change only while no process exists (use 'reset' first)");
        }
        var wanted = EraPolicy.For(version);
        if (wanted.Name == host.Name)
        {
            Out.WriteLine($"kernel {version}: the host runs {HostKernel.Release}, in the same era ({host.Name}, {host.Range})");
            return;
        }
        Out.WriteLine($"kernel {version}: not on the host: it runs {HostKernel.Release} (era {host.Name}), not era {wanted.Name}; the run follows the host's kernel");
        Skipped++;
    }

    private void Set(SetCommand c)
    {
        switch (c.Key)
        {
            case "thp" when c.KeySize is { } size:
                if (size < 16 * 1024 || size > 2 * 1024 * 1024 || (size & (size - 1)) != 0)
                {
                    throw new RuntimeError(c.KeySpan, "the size must be a power of two from 16K to 2M");
                }
                ApplySetting(c, $"thp.{Fmt.Size(size)}", Word(c.Value, "always", "madvise", "never", "inherit"));
                break;
            case "thp":
                ApplySetting(c, "thp", Word(c.Value, "always", "madvise", "never"));
                break;
            case "thp.use_zero_page":
                ApplySetting(c, "use_zero_page", Word(c.Value, "on", "off") == "on" ? "1" : "0");
                break;
            case "swap":
                var swap = _eval.Number(SetExpr(c.Value, "a size"), "a size");
                if ((swap == 0) == !Can.Swap.Available)
                {
                    Out.WriteLine($"swap = {Fmt.Size(swap)}: the host has {(Can.Swap.Available ? "swap" : "no swap")} too");
                    break;
                }
                NotOnHost(c, $"the machine's swap is what it is ({(Can.Swap.Available ? "a swap device is active" : Can.Swap.Reason)})", diverges: true);
                break;
            case "swap.file":
                var file = Word(c.Value, "on", "off") == "on";
                var hostFile = ActiveSwap.OnlyFiles();
                if (file == hostFile)
                {
                    Out.WriteLine($"swap.file = {(file ? "on" : "off")}: the host swaps to a {(file ? "file" : "partition")} too");
                    break;
                }
                NotOnHost(c, hostFile ? "the host swaps to a file" : "the host has no swap file", diverges: true);
                break;
            case "memory":
                NotOnHost(c, "the machine's memory is what it is", diverges: false);
                break;
            default:
                var value = _eval.Number(SetExpr(c.Value, "a number"), "a number");
                if (c.Key is not ("khugepaged.max_ptes_none" or "khugepaged.max_ptes_swap" or "khugepaged.max_ptes_shared"))
                {
                    throw new RuntimeError(c.KeySpan, $"unknown setting '{c.Key}'");
                }
                if (value < 0 || value > 511)
                {
                    throw new RuntimeError(c.Value.Span, $"{c.Key} must be between 0 and 511 (EINVAL)");
                }
                ApplySetting(c, c.Key, value.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Writes a THP or khugepaged knob for the rest of the run (restored at its end).</summary>
    private void ApplySetting(SetCommand c, string setting, string value)
    {
        if (_host.Apply(setting, value) is { } why)
        {
            NotOnHost(c, why, diverges: true);
            return;
        }
        Out.WriteLine($"{setting} = {value} ({_thp.PathOf(setting)})");
    }

    private static Expr SetExpr(SetValue value, string what) =>
        value as ExprSetValue is { } e ? e.Value : throw new RuntimeError(value.Span, $"expected {what}");

    private static string Word(SetValue value, params string[] allowed)
    {
        var word = value is WordSetValue w ? w.Word : throw new RuntimeError(value.Span, "expected a word such as always, madvise, never, on or off");
        return allowed.Contains(word) ? word : throw new RuntimeError(value.Span, $"'{word}' is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>swapout: MADV_PAGEOUT, then pagemap says which pages went to swap.</summary>
    private void Swapout(SwapoutCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "swapout [P] ADDR [SIZE]", 1, 2);
        var address = _eval.Number(args[0], "an address");
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : AddressSpace.PageSize;
        var call = $"{process.Name}: swapout {Fmt.Range(address, address + size)}";
        var error = process.Agent.Madvise((ulong)address, (ulong)size, HostAdvice.PageOut).ErrorOrNull;
        Outcome(error?.Name ?? "ok");
        if (error is not null)
        {
            Out.WriteLine($"{call}: {Describe(error)}");
            return;
        }
        var pages = (int)Math.Min((size + AddressSpace.PageSize - 1) / AddressSpace.PageSize, 1 << 20);
        var entries = Pagemap.Read(process.Pid, process.Agent.RealAddress((ulong)address), pages);
        var swapped = entries.Count(e => e.Swapped);
        var kept = entries.Count(e => e.Present);
        Out.WriteLine($"{call}: {swapped} swapped out{(kept > 0 ? $", {kept} kept" : string.Empty)}");
        if (!Can.Swap.Available)
        {
            Out.WriteLine($"  not on the host: {Can.Swap.Reason}; MADV_PAGEOUT leaves anonymous pages in place");
            Skipped++;
            Diverge($"'{c.Span.Text.Trim()}' without swap leaves the pages in place ({Can.Swap.Reason})");
        }
    }

    private void Collapse(CollapseCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "collapse [P] ADDR", 1, 1);
        var address = _eval.Number(args[0], "an address");
        if (!Can.Collapse.Available)
        {
            NotOnHost(c, $"MADV_COLLAPSE: {Can.Collapse.Reason}", diverges: true);
            return;
        }
        var start = address & ~(AddressSpace.PmdSize - 1);
        var error = process.Agent.Madvise((ulong)start, (ulong)AddressSpace.PmdSize, HostAdvice.Collapse).ErrorOrNull;
        Out.WriteLine($"{process.Name}: collapse {Fmt.Hex(address)}: {(error is null ? "MADV_COLLAPSE: done" : Describe(error))}");
    }

    /// <summary>
    /// <c>split</c>: an mprotect of one page to another protection and back, which splits the PMD as
    /// split_huge_pmd does and leaves the VMA as it was (cow.c's way to PTE-map a THP).
    /// <c>split folio</c>: debugfs split_huge_pages on that one page.
    /// </summary>
    private void Split(SplitCommand c)
    {
        var (process, args) = _binder.Target(c.Args, c.Folio ? "split folio [P] ADDR" : "split [P] ADDR", 1, 1);
        var address = _eval.Number(args[0], "an address");
        var agent = process.Agent;
        var page = address & ~(AddressSpace.PageSize - 1);
        if (!_host.Queries.Present(agent, (ulong)address).ValueOr(false))
        {
            Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: nothing mapped, nothing to split");
            return;
        }
        if (c.Folio)
        {
            SplitFolio(c, process, address);
            return;
        }
        if (!_host.Queries.PmdMapped(agent, (ulong)address).ValueOr(false))
        {
            Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: not PMD-mapped, nothing to split");
            return;
        }
        var perms = AddressSpace.VmaAt(agent, address)?.Permissions ?? "rw";
        var now = perms.StartsWith("rw", StringComparison.Ordinal) ? HostProtection.ReadWrite
            : perms.StartsWith('r') ? HostProtection.Read : HostProtection.None;
        var other = now == HostProtection.ReadWrite ? HostProtection.Read : HostProtection.ReadWrite;
        agent.Mprotect((ulong)page, (ulong)AddressSpace.PageSize, other).Unwrap();
        agent.Mprotect((ulong)page, (ulong)AddressSpace.PageSize, now).Unwrap();
        Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: PMD split (mprotect of {Fmt.Hex(page)} to {HostWords.Of(other)} and back)");
    }

    private void SplitFolio(SplitCommand c, HostProcess process, long address)
    {
        var agent = process.Agent;
        if (_host.Queries.Order(agent, (ulong)address) is not HostObservation<int>.Observed { Value: var order })
        {
            NotOnHost(c, "the folio's order needs /proc/kpageflags", diverges: true);
            return;
        }
        if (order == 0)
        {
            Out.WriteLine($"{process.Name}: split folio {Fmt.Hex(address)}: a small folio");
            return;
        }
        var real = agent.RealAddress((ulong)address);
        try
        {
            File.WriteAllText(SplitHugePages, $"{agent.Pid},0x{real:x},0x{real + AddressSpace.PageSize:x}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NotOnHost(c, $"{SplitHugePages}: {e.Message}", diverges: true);
            return;
        }
        var after = _host.Queries.Order(agent, (ulong)address).ValueOr(order);
        Out.WriteLine(after == 0
            ? $"{process.Name}: split folio {Fmt.Hex(address)} (order {order}) into {1 << order} small folios ({SplitHugePages})"
            : $"{process.Name}: split folio {Fmt.Hex(address)}: refused: the kernel kept it whole (pinned, or busy)");
    }

    /// <summary>shrink: every shrinker runs, the deferred-split one among them (drop_caches = 2).</summary>
    private void Shrink(ShrinkCommand c)
    {
        try
        {
            File.WriteAllText(DropCaches, "2");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NotOnHost(c, $"{DropCaches}: {e.Message}", diverges: true);
            return;
        }
        Out.WriteLine($"shrink: {DropCaches} = 2: every shrinker ran, the deferred-split one too");
    }
}
