using System.Collections.Immutable;
using MmDsl.Language.Text;

namespace MmDsl.Language.Syntax;

/// <summary>One command of a script. <see cref="Span"/> covers the whole command.</summary>
internal abstract record Command(Span Span);

// ---- Processes ---------------------------------------------------------------------------

/// <summary><c>proc A</c></summary>
internal sealed record ProcCommand(Ident Name, Span Span) : Command(Span);

/// <summary><c>use A</c></summary>
internal sealed record UseCommand(Ident Name, Span Span) : Command(Span);

/// <summary><c>fork B [from A]</c></summary>
internal sealed record ForkCommand(Ident Child, Ident? From, Span Span) : Command(Span);

/// <summary><c>exit [A]</c></summary>
internal sealed record ExitCommand(Ident? Process, Span Span) : Command(Span);

// ---- Mappings ----------------------------------------------------------------------------

/// <summary><c>mmap [NAME] SIZE [at ADDR] [memfd F] [FLAG ...]</c></summary>
internal sealed record MmapCommand(
    Ident? Name, Expr Size, Expr? At, ImmutableArray<Keyword<MmapFlag>> Flags, Span Span) : Command(Span)
{
    /// <summary><c>memfd F</c>: the memfd the mapping maps, from offset 0; null for anonymous memory.</summary>
    public Ident? File { get; init; }
}

/// <summary><c>memfd NAME SIZE</c></summary>
internal sealed record MemfdCommand(Ident Name, Expr Size, Span Span) : Command(Span);

/// <summary><c>munmap [P] ADDR SIZE</c></summary>
internal sealed record MunmapCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>mprotect [P] ADDR SIZE ro|rw|none</c></summary>
internal sealed record MprotectCommand(Operands Args, Keyword<Protection> Protection, Span Span) : Command(Span);

/// <summary><c>mremap [P] ADDR OLDSIZE NEWSIZE [to ADDR]</c></summary>
internal sealed record MremapCommand(Operands Args, Expr? To, Span Span) : Command(Span);

/// <summary><c>mlock [P] ADDR SIZE</c>, or <c>munlock [P] ADDR SIZE</c> (<paramref name="Unlock"/>)</summary>
internal sealed record MlockCommand(Operands Args, bool Unlock, Span Span) : Command(Span);

/// <summary><c>madvise [P] ADDR SIZE ADVICE</c></summary>
internal sealed record MadviseCommand(Operands Args, Keyword<Advice> Advice, Span Span) : Command(Span);

// ---- Access ------------------------------------------------------------------------------

/// <summary><c>read [P] ADDR [SIZE]</c></summary>
internal sealed record ReadCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>write [P] ADDR [SIZE] [= VALUE]</c></summary>
internal sealed record WriteCommand(Operands Args, Expr? Value, Span Span) : Command(Span);

/// <summary><c>pwrite F OFFSET = VALUE</c>: write(2) of one word through a memfd's page cache.</summary>
internal sealed record PwriteCommand(Ident File, Expr Offset, Expr Value, Span Span) : Command(Span);

/// <summary><c>pread F OFFSET</c>: read(2) of one word from a memfd's page cache.</summary>
internal sealed record PreadCommand(Ident File, Expr Offset, Span Span) : Command(Span);

/// <summary><c>read #N</c>: read through a handle.</summary>
internal sealed record HandleReadCommand(HandleRef Handle, Span Span) : Command(Span);

/// <summary><c>write #N [= VALUE]</c>: write through a <c>rw</c> handle.</summary>
internal sealed record HandleWriteCommand(HandleRef Handle, Expr? Value, Span Span) : Command(Span);

// ---- Pins, pipes -------------------------------------------------------------------------

/// <summary><c>pin [P] ADDR [SIZE] [ro|rw] [longterm]</c> (FOLL_PIN)</summary>
internal sealed record PinCommand(Operands Args, Keyword<GupAccess>? Access, bool LongTerm, Span Span) : Command(Span);

/// <summary><c>get [P] ADDR [SIZE] [ro|rw]</c> (FOLL_GET)</summary>
internal sealed record GetCommand(Operands Args, Keyword<GupAccess>? Access, Span Span) : Command(Span);

/// <summary><c>vmsplice [P] ADDR [SIZE]</c></summary>
internal sealed record VmspliceCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>unpin #N</c>, <c>put #N</c>, <c>close #N</c></summary>
internal sealed record ReleaseCommand(ReleaseKind Kind, HandleRef Handle, Span Span) : Command(Span);

// ---- Reclaim, THP, migration -------------------------------------------------------------

/// <summary><c>swapout [P] ADDR [SIZE]</c></summary>
internal sealed record SwapoutCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>reclaim</c></summary>
internal sealed record ReclaimCommand(Span Span) : Command(Span);

/// <summary><c>collapse [P] ADDR</c></summary>
internal sealed record CollapseCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>split [P] ADDR</c> (PMD) or <c>split folio [P] ADDR</c></summary>
internal sealed record SplitCommand(bool Folio, Operands Args, Span Span) : Command(Span);

/// <summary><c>migrate [P] ADDR [SIZE]</c></summary>
internal sealed record MigrateCommand(Operands Args, Span Span) : Command(Span);

/// <summary><c>shrink</c>: the deferred-split shrinker.</summary>
internal sealed record ShrinkCommand(Span Span) : Command(Span);

/// <summary><c>khugepaged</c>: one full scan.</summary>
internal sealed record KhugepagedCommand(Span Span) : Command(Span);

/// <summary><c>drain</c>: lru_add_drain.</summary>
internal sealed record DrainCommand(Span Span) : Command(Span);

/// <summary><c>ksm</c>: ksmd's full scans until the pages that can merge have merged.</summary>
internal sealed record KsmCommand(Span Span) : Command(Span);

// ---- Machine settings --------------------------------------------------------------------

/// <summary><c>kernel VERSION</c> (<c>5.16</c>, <c>6.18</c>, <c>latest</c>)</summary>
internal sealed record KernelCommand(string Version, Span VersionSpan, Span Span) : Command(Span);

/// <summary>The value of a <c>set</c>: a word (<c>always</c>, <c>on</c>) or an expression (<c>1G</c>, <c>511</c>).</summary>
internal abstract record SetValue(Span Span);

internal sealed record WordSetValue(string Word, Span Span) : SetValue(Span);

internal sealed record ExprSetValue(Expr Value, Span Span) : SetValue(Span);

/// <summary>
/// <c>set KEY VALUE</c>. <see cref="Key"/> is a key of <see cref="Commands.SettingTable"/>
/// (<c>thp</c>, <c>swap</c>, <c>khugepaged.max_ptes_none</c>, ...). For <c>set thp.16K</c>,
/// <see cref="Key"/> is <c>thp</c> and <see cref="KeySize"/> the size in bytes.
/// </summary>
internal sealed record SetCommand(string Key, long? KeySize, SetValue Value, Span KeySpan, Span Span) : Command(Span);

/// <summary><c>trace on|off</c></summary>
internal sealed record TraceCommand(bool On, Span Span) : Command(Span);

/// <summary><c>full on|off</c>: every line of what touches many pages, or runs of like lines folded (the default).</summary>
internal sealed record FullCommand(bool On, Span Span) : Command(Span);

/// <summary><c>reset</c></summary>
internal sealed record ResetCommand(Span Span) : Command(Span);

// ---- Inspection --------------------------------------------------------------------------

/// <summary><c>show KIND [operands]</c>, optionally followed by <c>--csharp</c> (or, for <c>show graph</c>, <c>--dot</c>).</summary>
internal sealed record ShowCommand(ShowKind Kind, Operands Args, bool CSharp, Span Span) : Command(Span)
{
    /// <summary><c>show graph --dot</c>: Graphviz DOT instead of the text drawing.</summary>
    public bool Dot { get; init; }
}

/// <summary><c>check</c>: run the invariant checker.</summary>
internal sealed record CheckCommand(Span Span) : Command(Span);

// ---- Queries and assertions --------------------------------------------------------------

/// <summary><c>print EXPR</c>, optionally followed by <c>--csharp</c>.</summary>
internal sealed record PrintCommand(Expr Value, bool CSharp, Span Span) : Command(Span);

/// <summary><c>let NAME = EXPR</c></summary>
internal sealed record LetCommand(Ident Name, Expr Value, Span Span) : Command(Span);

/// <summary><c>expect COND [fails on VERSIONS]</c></summary>
internal sealed record ExpectCommand(Expr Condition, Span Span) : Command(Span)
{
    /// <summary>The kernels on which the condition is stated to fail, or null.</summary>
    public StatedFailure? FailsOn { get; init; }
}

/// <summary>
/// <c>fails on VERSIONS</c> after an <c>expect</c>: the kernel versions on which the condition is
/// known to fail. Each range is inclusive; a bound is null when the range is open on that side.
/// </summary>
internal sealed record StatedFailure(ImmutableArray<VersionRange> Ranges, Span Span)
{
    /// <summary>The ranges as written, for messages: <c>5.9-5.17 6.15+</c>.</summary>
    public string Text => string.Join(' ', Ranges.Select(r => r.Text));
}

/// <summary>One range of <c>fails on</c>: <c>5.8</c>, <c>5.9-5.17</c>, <c>&lt;=5.7</c>, <c>&gt;=6.9</c>, <c>6.15+</c>.</summary>
internal sealed record VersionRange(string Text, string? From, string? Last, Span Span);

// ---- Blocks ------------------------------------------------------------------------------

/// <summary><c>for i in A..B { ... }</c>: i = A, A+1, ..., B-1.</summary>
internal sealed record ForCommand(Ident Variable, Expr From, Expr To, ImmutableArray<Command> Body, Span Span) : Command(Span);

/// <summary><c>include "path.mm"</c>, relative to the including file.</summary>
internal sealed record IncludeCommand(PathArg Path, Span Span) : Command(Span);

/// <summary>
/// <c>cs { ... }</c>: C# statements, kept as raw text. <see cref="CodeSpan"/> covers the text
/// between the braces, so that compiler positions can be mapped back to the script.
/// </summary>
internal sealed record CSharpCommand(string Code, Span CodeSpan, Span Span) : Command(Span);

/// <summary><c>expect { C# boolean expression } [fails on VERSIONS]</c>, kept as raw text.</summary>
internal sealed record CSharpExpectCommand(string Code, Span CodeSpan, Span Span) : Command(Span)
{
    /// <summary>The kernels on which the condition is stated to fail, or null.</summary>
    public StatedFailure? FailsOn { get; init; }
}

/// <summary><c>cs load FILE.csx</c></summary>
internal sealed record CSharpLoadCommand(PathArg Path, Span Span) : Command(Span);

/// <summary><c>policy NAME : VERSION { C# members }</c>: a kernel rule of the user's own, derived from VERSION.</summary>
internal sealed record PolicyCommand(string Name, Span NameSpan, string Base, Span BaseSpan, string Code, Span CodeSpan, Span Span) : Command(Span);

/// <summary><c>policy load FILE.cs</c>: the policies a C# file defines.</summary>
internal sealed record PolicyLoadCommand(PathArg Path, Span Span) : Command(Span);

// ---- Session -----------------------------------------------------------------------------

/// <summary><c>compare { ... }</c> or <c>compare FILE</c>: run once per kernel era.</summary>
internal sealed record CompareCommand(ImmutableArray<Command>? Body, PathArg? Path, Span Span) : Command(Span);

/// <summary><c>undo</c></summary>
internal sealed record UndoCommand(Span Span) : Command(Span);

/// <summary><c>save FILE</c></summary>
internal sealed record SaveCommand(PathArg Path, Span Span) : Command(Span);

/// <summary><c>report [FILE]</c>: the session so far as an HTML report (FILE null: session.html).</summary>
internal sealed record ReportCommand(PathArg? Path, Span Span) : Command(Span);

/// <summary><c>run FILE</c></summary>
internal sealed record RunCommand(PathArg Path, Span Span) : Command(Span);

/// <summary><c>history</c></summary>
internal sealed record HistoryCommand(Span Span) : Command(Span);

/// <summary><c>help [CMD]</c></summary>
internal sealed record HelpCommand(string? Topic, Span Span) : Command(Span);
