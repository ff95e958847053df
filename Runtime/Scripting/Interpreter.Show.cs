using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;
using MmDsl.Runtime.Output.Show;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Show(ShowCommand c)
    {
        if (c.CSharp)
        {
            Out.WriteLine(CSharpEquivalent.ForShow(c, _session));
            return;
        }
        var lines = c.Kind switch
        {
            ShowKind.Procs => ProcsTable.Lines(M, _session.Current),
            ShowKind.Maps => ShowPerProcess(c, p => MapsTable.Lines(M, p)),
            ShowKind.Ptes => ShowPtes(c),
            ShowKind.Refs => RefsTable.Lines(M, _binder.OptionalProcess(c.Args, "show refs [P]")?.Name),
            ShowKind.Folio => ShowFolio(c),
            ShowKind.Swap => MiscTables.Swap(M),
            ShowKind.Pins => MiscTables.Pins(M),
            _ => MiscTables.Stats(M),
        };
        foreach (var line in lines)
        {
            Out.WriteLine(line);
        }
    }

    private IEnumerable<string> ShowPerProcess(ShowCommand c, Func<Process, IEnumerable<string>> lines)
    {
        var process = _binder.OptionalProcess(c.Args, "show maps [P]");
        var processes = process is null ? M.Processes : [process];
        return processes.Count == 0 ? ["no processes"] : processes.SelectMany(lines).ToList();
    }

    private IEnumerable<string> ShowPtes(ShowCommand c)
    {
        if (c.Args.Count == 0)
        {
            return M.Processes.Count == 0 ? ["no processes"] : M.Processes.SelectMany(p => PtesTable.Lines(M, p, 0, Machine.TaskSize)).ToList();
        }
        if (c.Args.Count == 1 && c.Args[0] is NameExpr n && _session.FindProcess(n.Name) is { } only)
        {
            return PtesTable.Lines(M, only, 0, Machine.TaskSize);
        }
        var (process, args) = _binder.Target(c.Args, "show ptes [P] [ADDR [SIZE]]", 1, 2);
        var start = _eval.Number(args[0], "an address") & ~(PageTable.PageSize - 1);
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageTable.PageSize;
        return PtesTable.Lines(M, process, start, start + size);
    }

    private IEnumerable<string> ShowFolio(ShowCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "show folio [P] ADDR", 1, 1);
        var address = _eval.Number(args[0], "an address");
        var info = M.Lookup(process, address);
        if (!info.Present)
        {
            return [$"{process.Name}: nothing mapped at {Fmt.Hex(address)}{(info.Swapped ? " (swapped out)" : string.Empty)}"];
        }
        if (info.Zero)
        {
            return [$"{process.Name}: {Fmt.Hex(address)} maps the {(info.Level == MappingLevel.Pmd ? "huge zero folio" : "zero page")} ({Fmt.Pfn(info.Pfn)})"];
        }
        return FolioDetail.Lines(M, M.Memory.Head(info.Pfn));
    }
}
