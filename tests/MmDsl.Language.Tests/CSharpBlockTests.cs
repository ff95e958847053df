using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Tests;

/// <summary>C# blocks are kept as raw text up to their own closing brace.</summary>
public class CSharpBlockTests
{
    [Theory]
    [InlineData("var x = 1;")]
    [InlineData("if (x) { y(); } else { z(); }")]
    [InlineData("var s = \"}\";")]
    [InlineData("var s = \"{ \\\" }\";")]
    [InlineData("var s = \"a\\\\\"; var t = 1;")]
    [InlineData("var c = '}'; var d = '\\''; var e = '{';")]
    [InlineData("var s = @\"C:\\dir\\\"\"}\"\"\";")]
    [InlineData("var s = $\"{x} and }}{{ {y:X}\";")]
    [InlineData("var s = $\"{(x ? \"}\" : $\"{{{y}}}\")}\";")]
    [InlineData("var s = $@\"{x}\n}}\";")]
    [InlineData("var s = @$\"{x}\";")]
    [InlineData("var s = \"\"\" { \" } \"\" \"\"\";")]
    [InlineData("var s = $\"\"\"{x} }\"\"\";")]
    [InlineData("var s = $$\"\"\"{ {{x}} }\"\"\";")]
    [InlineData("// } in a comment\nvar x = 1;")]
    [InlineData("/* } { */ var x = 1;")]
    [InlineData("var s = \"\"; var t = \"\";")]
    [InlineData("")]
    [InlineData("\n  foreach (var p in Machine.Processes)\n  {\n    Console.WriteLine(p.Name);\n  }\n")]
    public void CodeIsTheTextBetweenTheBraces(string code)
    {
        foreach (var prefix in new[] { "cs", "expect" })
        {
            var text = $"{prefix} {{{code}}}";
            var result = ScriptParser.Parse("t.mm", text);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics.Select(d => d.Format())));
            var command = Assert.Single(result.Script.Commands);
            var (actual, span) = command switch
            {
                CSharpCommand c => (c.Code, c.CodeSpan),
                CSharpExpectCommand c => (c.Code, c.CodeSpan),
                _ => throw new InvalidOperationException(command.ToString()),
            };
            Assert.Equal(code, actual);
            Assert.Equal(code, span.Text);
            Assert.Equal(prefix.Length + 2, span.Start);
            Assert.Equal(text, command.Span.Text);
        }
    }

    [Fact]
    public void CommandsMayFollowABlockOnTheNextLine()
    {
        var result = ScriptParser.Parse("t.mm", "cs {\n  var x = \"}\";\n  // }\n}\nproc A\nexpect { x == \"{\" }; fork B\n");
        Assert.True(result.Success);
        Assert.Equal(["CSharpCommand", "ProcCommand", "CSharpExpectCommand", "ForkCommand"],
            result.Script.Commands.Select(c => c.GetType().Name));
        var cs = Assert.IsType<CSharpCommand>(result.Script.Commands[0]);
        Assert.Equal((1, 5), (cs.CodeSpan.Line, cs.CodeSpan.Column));
        Assert.Equal("\n  var x = \"}\";\n  // }\n", cs.Code);
    }

    [Fact]
    public void BlocksInsideLoopsAndCompare()
    {
        Assert.Equal("(for i 0 2 {(cs \" Run(\"write buf\"); \") (expect-cs \" true \")})",
            SyntaxPrinter.Parse("for i in 0..2 {\n  cs { Run(\"write buf\"); }\n  expect { true }\n}"));
        Assert.Equal("(compare {(proc A) (cs \" var s = \"}}\"; \")})",
            SyntaxPrinter.Parse("compare { proc A; cs { var s = \"}}\"; } }"));
    }

    [Fact]
    public void ExpectWithoutBraceIsACondition() =>
        Assert.Equal("(expect (== x 1))", SyntaxPrinter.Parse("expect x == 1"));

    [Theory]
    [InlineData("cs { var s = \"}\";", "t.mm:1:4: unterminated block: '{' opened at 1:4 is never closed")]
    [InlineData("expect { $\"{x\" }", "t.mm:1:8: unterminated block: '{' opened at 1:8 is never closed")]
    [InlineData("cs { /* } */", "t.mm:1:4: unterminated block: '{' opened at 1:4 is never closed")]
    [InlineData("cs {\n\"\"\"\n}\n", "t.mm:1:4: unterminated block: '{' opened at 1:4 is never closed")]
    public void UnclosedBlocksAreReported(string text, string message)
    {
        var result = ScriptParser.Parse("t.mm", text);
        Assert.Empty(result.Script.Commands);
        Assert.Equal(message, Assert.Single(result.Diagnostics).Format().Split('\n')[0]);
    }
}
