using MmDsl.Language.Commands;
using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Compare(CompareCommand c)
    {
        Script script;
        if (c.Body is { } body)
        {
            script = new Script(c.Span.Source, body);
        }
        else
        {
            var path = Path.GetFullPath(c.Path!.Path);
            if (!ScriptFile.TryRead(path, out var text, out var why))
            {
                throw new RuntimeError(c.Path.Span, $"compare: {why}");
            }
            var parsed = ScriptParser.Parse(new SourceText(c.Path.Path, text));
            if (!parsed.Success)
            {
                foreach (var d in parsed.Diagnostics)
                {
                    Out.WriteLine(d.Format());
                }
                throw new RuntimeError(c.Path.Span, "compare: the file has syntax errors");
            }
            script = parsed.Script;
        }
        var table = EraComparison.Run(script, M.Settings, () => NullHost.Instance);
        foreach (var line in table.Lines())
        {
            Out.WriteLine(line);
        }
    }

    private void Help(HelpCommand c)
    {
        foreach (var line in HelpText.For(c.Topic, c.Span))
        {
            Out.WriteLine(line);
        }
    }
}
