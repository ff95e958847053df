using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>The REPL reads more lines while a block is open.</summary>
public class NeedsMoreInputTests
{
    [Theory]
    [InlineData("for i in 0..4 {")]
    [InlineData("for i in 0..4 {\n  write buf")]
    [InlineData("for i in 0..4 {\n  for j in 0..2 {\n  }")]
    [InlineData("cs {")]
    [InlineData("cs {\n  var s = \"}\";")]
    [InlineData("cs { // }")]
    [InlineData("cs { var s = $\"{x\n")]
    [InlineData("cs { var s = \"\"\"\n }")]
    [InlineData("expect {")]
    [InlineData("expect { x == '}'")]
    [InlineData("compare {")]
    [InlineData("compare {\n  proc A\n  cs {\n  }")]
    [InlineData("proc A; for i in 0..2 {")]
    public void OpenBlocksNeedMore(string text) => Assert.True(ScriptParser.NeedsMoreInput(text));

    [Theory]
    [InlineData("")]
    [InlineData("proc A")]
    [InlineData("write A buf")]
    [InlineData("for i in 0..4 { write buf }")]
    [InlineData("for i in 0..4 {\n  write buf\n}")]
    [InlineData("cs { var s = \"{\"; }")]
    [InlineData("cs { /* { */ }")]
    [InlineData("expect { x == '{' }")]
    [InlineData("compare { proc A }")]
    [InlineData("compare file.mm")]
    [InlineData("# for i in 0..4 {")]
    [InlineData("print 1 // {")]
    [InlineData("include \"{.mm\"")]
    [InlineData("}")]
    [InlineData("write \"unterminated {")]
    public void CompleteInputNeedsNoMore(string text) => Assert.False(ScriptParser.NeedsMoreInput(text));
}
