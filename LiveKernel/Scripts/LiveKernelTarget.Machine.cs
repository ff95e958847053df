using System.Globalization;
using MmDsl.Language.Syntax;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

internal sealed partial class LiveKernelTarget
{
    private const string SplitHugePages = "/sys/kernel/debug/split_huge_pages";
    private const string DropCaches = "/proc/sys/vm/drop_caches";

    public void Kernel(KernelVersionRequest request)
    {
        var version = request.Version;
        var host = HostKernel.Era;
        if (request.Pinned)
        {
            Out.WriteLine($"kernel {version}: ignored, the host runs {HostKernel.Release} (era {host.Name})");
            return;
        }
        if (_processes.Count > 0)
        {
            throw new RuntimeError(request.Span, "the kernel can change only while no process exists (use 'reset' first)");
        }
        if (request.Policy is { } policy)
        {
            Out.WriteLine($"kernel {policy.Name}: a policy, a rule of the simulator's: the live kernel decides as it was built ({HostKernel.Release})");
            _state.Skipped++;
            return;
        }
        var wanted = EraPolicy.For(version);
        if (wanted.Name == host.Name)
        {
            Out.WriteLine($"kernel {version}: the host runs {HostKernel.Release}, in the same era ({host.Name}, {host.Range})");
            return;
        }
        Out.WriteLine($"kernel {version}: not on the host: it runs {HostKernel.Release} (era {host.Name}), not era {wanted.Name}; the run follows the host's kernel");
        _state.Skipped++;
    }

    public void Set(SettingRequest request)
    {
        var c = request.Command;
        switch (c.Key)
        {
            case "thp" when c.KeySize is { } size:
                if (size < 16 * 1024 || size > 2 * 1024 * 1024 || (size & (size - 1)) != 0)
                {
                    throw new RuntimeError(c.KeySpan, "the size must be a power of two from 16K to 2M");
                }
                var perSize = Word(request, "always", "madvise", "never", "inherit");
                if (HostKernel.Version is { } version && version < new Engine.Eras.KernelVersion(6, 8) && _thp.Read($"thp.{Fmt.Size(size)}") is null)
                {
                    // As the simulator does before 6.8: a notice, so that one script runs on every kernel.
                    Out.WriteLine($"thp.{Fmt.Size(size)}: per-size THP controls arrived in 6.8; kernel {version} ignores this");
                    break;
                }
                ApplySetting($"thp.{Fmt.Size(size)}", perSize);
                break;
            case "thp":
                ApplySetting("thp", Word(request, "always", "madvise", "never"));
                break;
            case "thp.use_zero_page":
                ApplySetting("use_zero_page", Word(request, "on", "off") == "on" ? "1" : "0");
                break;
            case "swap":
                var swap = request.RequireNumber("a size");
                if ((swap == 0) == !Can.Swap.Available)
                {
                    Out.WriteLine($"swap = {Fmt.Size(swap)}: the host has {(Can.Swap.Available ? "swap" : "no swap")} too");
                    break;
                }
                throw NotOnHost($"the machine's swap is what it is ({(Can.Swap.Available ? "a swap device is active" : Can.Swap.Reason)})", true);
            case "swap.file":
                var file = Word(request, "on", "off") == "on";
                var hostFile = ActiveSwap.OnlyFiles();
                if (file == hostFile)
                {
                    Out.WriteLine($"swap.file = {(file ? "on" : "off")}: the host swaps to a {(file ? "file" : "partition")} too");
                    break;
                }
                throw NotOnHost(hostFile ? "the host swaps to a file" : "the host has no swap file", true);
            case "swap.device":
                var wanted = Word(request, "disk", "file", "zram");
                var actual = ActiveSwap.Device();
                if (wanted == actual)
                {
                    Out.WriteLine($"swap.device = {wanted}: the host swaps to {(wanted == "disk" ? "a partition" : wanted == "file" ? "a file" : "zram")} too");
                    break;
                }
                throw NotOnHost($"the host swaps to {actual ?? "nothing"}", true);
            case "memory":
                throw NotOnHost("the machine's memory is what it is", false);
            default:
                var value = request.RequireNumber("a number");
                if (c.Key is not ("khugepaged.max_ptes_none" or "khugepaged.max_ptes_swap" or "khugepaged.max_ptes_shared"))
                {
                    throw new RuntimeError(c.KeySpan, $"unknown setting '{c.Key}'");
                }
                if (value < 0 || value > 511)
                {
                    throw new RuntimeError(c.Value.Span, $"{c.Key} must be between 0 and 511 (EINVAL)");
                }
                ApplySetting(c.Key, value.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Writes a THP or khugepaged knob for the rest of the run (restored at its end).</summary>
    private void ApplySetting(string setting, string value)
    {
        if (_host.Apply(setting, value) is { } why)
        {
            throw NotOnHost(why, true);
        }
        Out.WriteLine($"{setting} = {value} ({_thp.PathOf(setting)})");
    }

    private static string Word(SettingRequest request, params string[] allowed)
    {
        var word = request.RequireWord();
        return allowed.Contains(word) ? word : throw new RuntimeError(request.Command.Value.Span, $"'{word}' is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>swapout: MADV_PAGEOUT, then pagemap says which pages went to swap.</summary>
    public string Swapout(string name, long address, long size, Command c)
    {
        var process = P(name);
        var call = $"{process.Name}: swapout {Fmt.Range(address, address + size)}";
        var error = process.Agent.Madvise((ulong)address, (ulong)size, HostAdvice.PageOut).ErrorOrNull;
        if (error is not null)
        {
            Out.WriteLine($"{call}: {Describe(error)}");
            return error.Name;
        }
        var pages = (int)Math.Min((size + AddressSpace.PageSize - 1) / AddressSpace.PageSize, 1 << 20);
        var entries = Pagemap.Read(process.Pid, process.Agent.RealAddress((ulong)address), pages);
        var swapped = entries.Count(e => e.Swapped);
        var kept = entries.Count(e => e.Present);
        Out.WriteLine($"{call}: {swapped} swapped out{(kept > 0 ? $", {kept} kept" : string.Empty)}");
        if (!Can.Swap.Available)
        {
            Out.WriteLine($"  not on the host: {Can.Swap.Reason}; MADV_PAGEOUT leaves anonymous pages in place");
            _state.Skipped++;
            Diverge($"'{c.Span.Text.Trim()}' without swap leaves the pages in place ({Can.Swap.Reason})");
        }
        return "ok";
    }

    public string Collapse(string name, long address, Command c)
    {
        var process = P(name);
        // A kernel without MADV_COLLAPSE (before 6.1) answers EINVAL: that answer is the outcome.
        if (!Can.Thp.Available)
        {
            throw NotOnHost($"MADV_COLLAPSE: {Can.Thp.Reason}", true);
        }
        var start = address & ~(AddressSpace.PmdSize - 1);
        var error = process.Agent.Madvise((ulong)start, (ulong)AddressSpace.PmdSize, HostAdvice.Collapse).ErrorOrNull;
        Out.WriteLine($"{process.Name}: collapse {Fmt.Hex(address)}: {(error is null ? "MADV_COLLAPSE: done" : Describe(error))}");
        return error?.Name ?? "ok";
    }

    /// <summary>
    /// <c>split</c>: an mprotect of one page to another protection and back, which splits the PMD as
    /// split_huge_pmd does and leaves the VMA as it was (cow.c's way to PTE-map a THP).
    /// <c>split folio</c>: debugfs split_huge_pages on that one page.
    /// </summary>
    public void Split(string name, long address, bool folio, Command c)
    {
        var process = P(name);
        var agent = process.Agent;
        var page = address & ~(AddressSpace.PageSize - 1);
        if (!_host.Queries.Present(agent, (ulong)address).ValueOr(false))
        {
            Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: nothing mapped, nothing to split");
            return;
        }
        if (folio)
        {
            SplitFolio(process, address);
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

    private void SplitFolio(HostProcess process, long address)
    {
        var agent = process.Agent;
        if (_host.Queries.Order(agent, (ulong)address) is not HostObservation<int>.Observed { Value: var order })
        {
            throw NotOnHost("the folio's order needs /proc/kpageflags", true);
        }
        if (order == 0)
        {
            Out.WriteLine($"{process.Name}: split folio {Fmt.Hex(address)}: a small folio");
            return;
        }
        var real = agent.RealAddress((ulong)address);
        try
        {
            KernelFiles.WriteText(SplitHugePages, $"{agent.Pid},0x{real:x},0x{real + AddressSpace.PageSize:x}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotOnHost($"{SplitHugePages}: {e.Message}", true);
        }
        var after = _host.Queries.Order(agent, (ulong)address).ValueOr(order);
        Out.WriteLine(after == 0
            ? $"{process.Name}: split folio {Fmt.Hex(address)} (order {order}) into {1 << order} small folios ({SplitHugePages})"
            : $"{process.Name}: split folio {Fmt.Hex(address)}: refused: the kernel kept it whole (pinned, or busy)");
    }

    /// <summary>shrink: every shrinker runs, the deferred-split one among them (drop_caches = 2).</summary>
    public void Shrink(Command c)
    {
        try
        {
            KernelFiles.WriteText(DropCaches, "2");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotOnHost($"{DropCaches}: {e.Message}", true);
        }
        Out.WriteLine($"shrink: {DropCaches} = 2: every shrinker ran, the deferred-split one too");
    }
}
