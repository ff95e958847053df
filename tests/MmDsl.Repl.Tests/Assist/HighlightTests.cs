using MmDsl.Language.Parsing;
using MmDsl.Repl.Assist;
using MmDsl.Repl.Evaluation;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Assist;

public class HighlightTests
{
    [Fact]
    public void Names_are_coloured_by_what_the_session_knows_them_to_be()
    {
        var engine = new ReplEngine(new RunOptions(), new StringWriter());
        engine.Evaluate("proc A\nmmap buf 4K\nlet p0 = 1", CancellationToken.None);
        var highlighter = new ScriptHighlighter(engine.Session);
        const string text = "write A buf+0x1000 4K  # parent";
        var spans = highlighter.Highlight(text);
        Style("write", Classification.Command);
        Style("A", Classification.Process);
        Style("buf", Classification.Mapping);
        Style("0x1000", Classification.Number);
        Style("4K", Classification.Size);
        Style("# parent", Classification.Comment);

        void Style(string word, Classification kind)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            Assert.Contains(spans, s => s.Start == at && s.Length == word.Length && s.Style == Theme.For(kind));
        }
    }

    [Fact]
    public void CSharp_inside_a_block_has_its_own_colours()
    {
        var highlighter = new ScriptHighlighter(new ReplEngine(new RunOptions(), new StringWriter()).Session);
        var spans = highlighter.Highlight("cs { var n = \"x\"; }");
        Assert.Contains(spans, s => s.Style == Theme.For(Classification.CSharpKeyword));
        Assert.Contains(spans, s => s.Style == Theme.For(Classification.CSharpString));
    }
}
