using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>The groups that <c>help</c> lists commands under, in order.</summary>
internal enum CommandGroup
{
    Processes,
    Mappings,
    Access,
    Pins,
    Reclaim,
    Settings,
    Inspection,
    Queries,
    Blocks,
    Session,
}

/// <summary>
/// What the language knows of one command: its name, synopsis, a one-paragraph description,
/// the keywords it takes (for completion and highlighting) and a worked example that
/// <c>help</c> runs to show real output.
/// </summary>
internal sealed record CommandInfo(
    string Name,
    CommandGroup Group,
    string Synopsis,
    string Summary,
    string Description,
    string Example,
    ImmutableArray<string> Keywords)
{
    /// <summary>Operand slots the REPL can complete: what the first operand after the name is.</summary>
    public OperandKind FirstOperand { get; init; } = OperandKind.None;

    /// <summary>
    /// A worked example shown as written, for a command whose example needs files or the C#
    /// compiler (<c>include</c>, <c>cs</c>): lines starting with <c>&gt; </c> are typed, the rest
    /// is what they print. Empty when <see cref="Example"/> is run instead.
    /// </summary>
    public string Transcript { get; init; } = string.Empty;
}

/// <summary>What kind of word a command expects in an operand, for completion.</summary>
internal enum OperandKind
{
    None,
    /// <summary>An existing process, optionally (<c>write [P] ...</c>).</summary>
    OptionalProcess,
    /// <summary>An existing process (<c>use A</c>).</summary>
    Process,
    /// <summary>A new name (<c>proc A</c>, <c>fork B</c>, <c>mmap buf</c>).</summary>
    NewName,
    /// <summary>A file name (<c>include</c>, <c>run</c>, <c>save</c>, <c>cs load</c>).</summary>
    File,
    /// <summary>A keyword from <see cref="CommandInfo.Keywords"/> (<c>show refs</c>, <c>trace on</c>).</summary>
    Keyword,
    /// <summary>A kernel version.</summary>
    KernelVersion,
    /// <summary>A pin handle <c>#N</c>.</summary>
    Handle,
    /// <summary>An expression.</summary>
    Expression,
}
