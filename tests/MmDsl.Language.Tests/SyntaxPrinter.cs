using System.Collections.Immutable;
using System.Globalization;
using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Tests;

/// <summary>
/// Prints syntax trees as compact S-expressions, so that a test states the whole tree it
/// expects: <c>(write [A (+ buf 4096)] = 5)</c>. Sizes print with an <c>s</c>: <c>2097152s</c>.
/// </summary>
internal static class SyntaxPrinter
{
    public static string Parse(string text)
    {
        var result = ScriptParser.Parse("t.mm", text);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Select(d => d.Format())));
        return Print(result.Script.Commands);
    }

    public static string Print(ImmutableArray<Command> commands) => string.Join(" ", commands.Select(Print));

    public static string Print(Command command) => command switch
    {
        ProcCommand c => $"(proc {c.Name.Name})",
        UseCommand c => $"(use {c.Name.Name})",
        ForkCommand c => $"(fork {c.Child.Name}{(c.From is null ? "" : " from " + c.From.Name)})",
        ExitCommand c => c.Process is null ? "(exit)" : $"(exit {c.Process.Name})",
        MmapCommand c => $"(mmap {c.Name?.Name ?? "_"} {Print(c.Size)}{(c.At is null ? "" : " at " + Print(c.At))}{(c.File is null ? "" : " memfd " + c.File.Name)} [{string.Join(" ", c.Flags.Select(f => f.Value))}])",
        MemfdCommand c => $"(memfd {c.Name.Name} {Print(c.Size)})",
        PwriteCommand c => $"(pwrite {c.File.Name} {Print(c.Offset)} {Print(c.Value)})",
        PreadCommand c => $"(pread {c.File.Name} {Print(c.Offset)})",
        MunmapCommand c => $"(munmap {Print(c.Args)})",
        MlockCommand c => $"({(c.Unlock ? "munlock" : "mlock")} {Print(c.Args)})",
        MprotectCommand c => $"(mprotect {Print(c.Args)} {c.Protection.Value})",
        MremapCommand c => $"(mremap {Print(c.Args)}{(c.To is null ? "" : " to " + Print(c.To))})",
        MadviseCommand c => $"(madvise {Print(c.Args)} {c.Advice.Value})",
        ReadCommand c => $"(read {Print(c.Args)})",
        WriteCommand c => $"(write {Print(c.Args)}{Value(c.Value)})",
        HandleReadCommand c => $"(read #{c.Handle.Number})",
        HandleWriteCommand c => $"(write #{c.Handle.Number}{Value(c.Value)})",
        PinCommand c => $"(pin {Print(c.Args)}{(c.Access is null ? "" : " " + c.Access.Value)}{(c.LongTerm ? " longterm" : "")})",
        GetCommand c => $"(get {Print(c.Args)}{(c.Access is null ? "" : " " + c.Access.Value)})",
        VmspliceCommand c => $"(vmsplice {Print(c.Args)})",
        ReleaseCommand c => $"({c.Kind.ToString().ToLowerInvariant()} #{c.Handle.Number})",
        SwapoutCommand c => $"(swapout {Print(c.Args)})",
        ReclaimCommand => "(reclaim)",
        CollapseCommand c => $"(collapse {Print(c.Args)})",
        SplitCommand c => $"(split{(c.Folio ? " folio" : "")} {Print(c.Args)})",
        MigrateCommand c => $"(migrate {Print(c.Args)})",
        ShrinkCommand => "(shrink)",
        KhugepagedCommand => "(khugepaged)",
        DrainCommand => "(drain)",
        KsmCommand => "(ksm)",
        KernelCommand c => $"(kernel \"{c.Version}\")",
        SetCommand c => $"(set {c.Key}{(c.KeySize is { } size ? "." + size : "")} {Print(c.Value)})",
        TraceCommand c => $"(trace {(c.On ? "on" : "off")})",
        FullCommand c => $"(full {(c.On ? "on" : "off")})",
        ResetCommand => "(reset)",
        ShowCommand c => $"(show {c.Kind} {Print(c.Args)}{(c.CSharp ? " --csharp" : "")})",
        CheckCommand => "(check)",
        PrintCommand c => $"(print {Print(c.Value)}{(c.CSharp ? " --csharp" : "")})",
        LetCommand c => $"(let {c.Name.Name} {Print(c.Value)})",
        ExpectCommand c => $"(expect {Print(c.Condition)})",
        ForCommand c => $"(for {c.Variable.Name} {Print(c.From)} {Print(c.To)} {{{Print(c.Body)}}})",
        IncludeCommand c => $"(include \"{c.Path.Path}\")",
        CSharpCommand c => $"(cs \"{c.Code}\")",
        CSharpExpectCommand c => $"(expect-cs \"{c.Code}\")",
        CSharpLoadCommand c => $"(cs-load \"{c.Path.Path}\")",
        CompareCommand c => c.Body is { } body ? $"(compare {{{Print(body)}}})" : $"(compare \"{c.Path!.Path}\")",
        UndoCommand => "(undo)",
        SaveCommand c => $"(save \"{c.Path.Path}\")",
        ReportCommand c => c.Path is null ? "(report)" : $"(report \"{c.Path.Path}\")",
        RunCommand c => $"(run \"{c.Path.Path}\")",
        HistoryCommand => "(history)",
        HelpCommand c => c.Topic is null ? "(help)" : $"(help {c.Topic})",
        _ => throw new ArgumentException(command.GetType().Name),
    };

    public static string Print(Operands operands) => $"[{string.Join(" ", operands.Items.Select(Print))}]";

    public static string Print(Expr expr) => expr switch
    {
        NumberExpr n => n.Value.ToString(CultureInfo.InvariantCulture) + (n.IsSize ? "s" : ""),
        NameExpr n => n.Name,
        HandleExpr h => "#" + h.Number,
        UnaryExpr u => $"({(u.Op == UnaryOp.Negate ? "neg" : "not")} {Print(u.Operand)})",
        BinaryExpr b => $"({Symbol(b.Op)} {Print(b.Left)} {Print(b.Right)})",
        CallExpr c => $"({c.Function}{string.Concat(c.Args.Select(a => " " + Print(a)))})",
        _ => throw new ArgumentException(expr.GetType().Name),
    };

    private static string Print(SetValue value) => value switch
    {
        WordSetValue w => w.Word,
        ExprSetValue e => Print(e.Value),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static string Value(Expr? value) => value is null ? "" : " = " + Print(value);

    private static string Symbol(BinaryOp op) => op switch
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
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => op.ToString(),
    };
}
