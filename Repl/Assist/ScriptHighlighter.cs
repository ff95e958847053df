using MmDsl.Language.Parsing;
using MmDsl.Repl.Editor;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl.Assist;

/// <summary>
/// Highlighting as you type: the parser's <see cref="SyntaxClassifier"/> (the same command
/// table as the parser), told by the live session which names are processes and mappings.
/// </summary>
internal sealed class ScriptHighlighter
{
    private readonly Session _session;

    public ScriptHighlighter(Session session)
    {
        _session = session;
    }

    public IReadOnlyList<StyledSpan> Highlight(string text) =>
        SyntaxClassifier.Classify(text, NameKindOf)
            .Select(s => new StyledSpan(s.Start, s.Length, Theme.For(s.Kind)))
            .ToList();

    public NameKind NameKindOf(string name) =>
        _session.FindProcess(name) is not null ? NameKind.Process
        : _session.MappingNames.Contains(name) ? NameKind.Mapping
        : _session.Names.ContainsKey(name) ? NameKind.Variable
        : NameKind.Unknown;
}
