using System.Globalization;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// The C# that computes what a query or <c>show</c> prints, through the snippet API
/// (<see cref="Api.MmApi"/>), for <c>--csharp</c>: code to paste into <c>cs { }</c> and edit.
/// </summary>
internal static class CSharpEquivalent
{
    public static string ForPrint(PrintCommand c, Session session) => new Translator(session).Expr(c.Value, top: true);

    public static string ForShow(ShowCommand c, Session session)
    {
        var t = new Translator(session);
        var args = c.Args.Items;
        return c.Kind switch
        {
            ShowKind.Procs => Lines(
                "foreach (var p in Procs)",
                "    Print($\"{p.Name} pid {p.Pid} parent {p.Parent ?? \"-\"} rss {p.Rss} swap {p.Swap} vmas {p.Vmas.Count}\");"),
            ShowKind.Maps => Lines(
                $"foreach (var p in {t.Processes(args)})",
                "{",
                "    Print($\"{p.Name}:\");",
                "    foreach (var vma in p.Vmas)",
                "        Print($\"{vma} {p.Smaps(vma)}\");",
                "}"),
            ShowKind.Ptes => Ptes(t, args),
            ShowKind.Graph => Lines(
                $"foreach (var p in {t.Processes(args.Length == 1 ? args : [])})",
                "{",
                "    Print($\"{p.Name} (pid {p.Pid})\");",
                "    foreach (var vma in p.Vmas)",
                "    {",
                "        Print($\"  vma {vma}\");",
                "        foreach (var pte in p.Ptes(vma.Start, vma.Size))",
                "            Print($\"    {pte} -> {(p.Folio(pte.Address) is { } f ? f.ToString() : \"-\")}\");",
                "    }",
                "}"),
            ShowKind.Refs => Lines(
                args.Length == 0 ? "foreach (var f in Folios)" : $"foreach (var f in Folios.Where(x => x.Mappers.Any(m => m.Process == {Translator.Quote(t.ProcessName(args))})))",
                "    Print($\"{f} mapped by {string.Join(\", \", f.Mappers)}\");"),
            ShowKind.Folio => Lines(
                $"var folio = {t.Target(args, out var rest)}.Folio({t.Expr(rest[0], top: true)});",
                "if (folio is null)",
                "{",
                "    Print(\"nothing mapped there, or the zero page\");",
                "}",
                "else",
                "{",
                "    Print(folio);",
                "    Print($\"mapped by {string.Join(\", \", folio.Mappers)}\");",
                "    foreach (var page in folio.Pages)",
                "        Print(page);",
                "}"),
            ShowKind.Swap => Lines(
                "Print(Swap);",
                "foreach (var slot in Swap.UsedSlots)",
                "    Print(slot);"),
            ShowKind.Pins => Lines(
                "foreach (var h in Handles)",
                "    Print(h);"),
            ShowKind.Eras => throw new RuntimeError(c.Span, "show eras has no C# form: it lists the model's eras, not the machine's state"),
            _ => Lines(
                "foreach (var (name, value) in Machine.Stats)",
                "    Print($\"{name} {value}\");"),
        };
    }

    private static string Ptes(Translator t, IReadOnlyList<Expr> args)
    {
        if (args.Count == 0)
        {
            return Lines(
                "foreach (var p in Procs)",
                "{",
                "    Print($\"{p.Name}:\");",
                "    foreach (var pte in p.Ptes())",
                "        Print(pte);",
                "}");
        }
        var process = t.Target(args, out var rest);
        var range = rest.Count switch
        {
            0 => string.Empty,
            1 => $"{t.Expr(rest[0], top: true)}, PageSize",
            _ => $"{t.Expr(rest[0], top: true)}, {t.Expr(rest[1], top: true)}",
        };
        return Lines(
            $"foreach (var pte in {process}.Ptes({range}))",
            "    Print(pte);");
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines);

    /// <summary>MmDsl expressions as C# expressions over the API.</summary>
    private sealed class Translator(Session session)
    {
        public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        public string Expr(Expr e, bool top = false)
        {
            var text = e switch
            {
                NumberExpr n => Number(n),
                NameExpr n => $"Var({Quote(n.Name)})",
                HandleExpr h => h.Number.ToString(CultureInfo.InvariantCulture),
                UnaryExpr { Op: UnaryOp.Not } u => "!" + Expr(u.Operand),
                UnaryExpr u => "-" + Expr(u.Operand),
                BinaryExpr b => $"{Expr(b.Left)} {Operator(b.Op)} {Expr(b.Right)}",
                CallExpr call => Call(call),
                _ => throw new RuntimeError(e.Span, "--csharp: this expression has no C# equivalent"),
            };
            return top || e is not (BinaryExpr or UnaryExpr) ? text : $"({text})";
        }

        /// <summary><c>Proc("A")</c> for a process operand, else the current process.</summary>
        public string Target(IReadOnlyList<Expr> args, out IReadOnlyList<Expr> rest)
        {
            if (args.Count > 0 && args[0] is NameExpr name && session.FindProcess(name.Name) is not null)
            {
                rest = args.Skip(1).ToList();
                return $"Proc({Quote(name.Name)})";
            }
            rest = args;
            return CurrentProcess;
        }

        /// <summary>The processes <c>show maps [P]</c> covers: one, or all of them.</summary>
        public string Processes(IReadOnlyList<Expr> args) => args.Count == 0 ? "Procs" : $"new[] {{ Proc({Quote(ProcessName(args))}) }}";

        public string ProcessName(IReadOnlyList<Expr> args) =>
            args[0] is NameExpr name ? name.Name : throw new RuntimeError(args[0].Span, "expected a process name");

        private string CurrentProcess => session.Current is { } current ? $"Proc({Quote(current)})" : "Current";

        private string Call(CallExpr call)
        {
            var info = QueryTable.Find(call.Function) ?? throw new RuntimeError(call.Span, $"unknown function '{call.Function}'");
            switch (info.Args)
            {
                case QueryArgs.Counter:
                    return call.Args[0] is NameExpr counter
                        ? $"Stat({Quote(counter.Name)})"
                        : throw new RuntimeError(call.Args[0].Span, "expected a counter name, such as stat(pgfault)");
                case QueryArgs.Handle:
                    var offset = call.Args.Length == 2 ? Expr(call.Args[1], top: true) : string.Empty;
                    return call.Args[0] is HandleExpr handle
                        ? $"Handle({handle.Number}).Read({offset})"
                        : throw new RuntimeError(call.Args[0].Span, "expected a handle, such as handle(#1)");
                case QueryArgs.Process:
                    var owner = call.Args.Length == 1 ? $"Proc({Quote(ProcessName(call.Args))})" : CurrentProcess;
                    return call.Function == "rss" ? $"{owner}.Rss" : $"{owner}.Swap";
            }
            var process = call.Args.Length == 2 ? $"Proc({Quote(ProcessName(call.Args))})" : CurrentProcess;
            return $"{process}.{Method(call.Function)}({Expr(call.Args[^1], top: true)})";
        }

        private static string Method(string query) => query switch
        {
            "value" => "Peek",
            "pfn" => "Pfn",
            "refcount" => "RefCount",
            "mapcount" => "MapCount",
            "pins" => "Pins",
            "present" => "Present",
            "writable" => "Writable",
            "swapped" => "Swapped",
            "anon_exclusive" => "AnonExclusive",
            "mapped_exclusive" => "MappedExclusive",
            "pmd_mapped" => "PmdMapped",
            "thp" => "Thp",
            "order" => "Order",
            "ksm" => "Ksm",
            _ => "SwapCache",
        };

        private static string Operator(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Equal => "==",
            BinaryOp.NotEqual => "!=",
            BinaryOp.Less => "<",
            BinaryOp.LessOrEqual => "<=",
            BinaryOp.Greater => ">",
            BinaryOp.GreaterOrEqual => ">=",
            BinaryOp.And => "&&",
            _ => "||",
        };

        /// <summary>Sizes as <c>2 * MiB</c>, hexadecimal literals in hexadecimal, other numbers in decimal.</summary>
        private static string Number(NumberExpr n)
        {
            if (n.IsSize)
            {
                foreach (var (unit, bytes) in new[] { ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
                {
                    if (n.Value != 0 && n.Value % bytes == 0)
                    {
                        return $"{n.Value / bytes} * {unit}";
                    }
                }
            }
            if (n.Value < 0)
            {
                return $"unchecked((long)0x{(ulong)n.Value:x}UL)";
            }
            return n.Span.Text.TrimStart().StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? "0x" + n.Value.ToString("x", CultureInfo.InvariantCulture)
                : n.Value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
