using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>The REPL's highlighting: what each stretch of text is.</summary>
public class ClassifierTests
{
    private static NameKind Known(string name) => name switch
    {
        "A" or "B" => NameKind.Process,
        "buf" => NameKind.Mapping,
        "p0" => NameKind.Variable,
        _ => NameKind.Unknown,
    };

    private static string Classify(string text) => string.Join(" ",
        SyntaxClassifier.Classify(text, Known).Select(s => $"{text.Substring(s.Start, s.Length).Replace("\n", "\\n")}:{s.Kind}"));

    [Theory]
    [InlineData("write A buf+0x1000 = 5 # note",
        "write:Command A:Process buf:Mapping +:Operator 0x1000:Number =:Operator 5:Number # note:Comment")]
    [InlineData("mmap buf 2M at 0x200000 thp shared",
        "mmap:Command buf:Mapping 2M:Size at:Keyword 0x200000:Number thp:Keyword shared:Keyword")]
    [InlineData("mmap big 1G", "mmap:Command big:Mapping 1G:Size")]
    [InlineData("proc C; fork D from C", "proc:Command C:Process ;:Operator fork:Command D:Process from:Keyword C:Process")]
    [InlineData("expect refcount(A, buf) == 2 and not swapped(B, buf)",
        "expect:Command refcount:Function (:Operator A:Process ,:Operator buf:Mapping ):Operator ==:Operator 2:Number " +
        "and:Operator not:Operator swapped:Function (:Operator B:Process ,:Operator buf:Mapping ):Operator")]
    [InlineData("print refcnt(A, buf) --csharp",
        "print:Command refcnt:Error (:Operator A:Process ,:Operator buf:Mapping ):Operator --csharp:Keyword")]
    [InlineData("mprotet buf", "mprotet:Error buf:Mapping")]
    [InlineData("set thp.16K inherit", "set:Command thp.16K:Keyword inherit:Keyword")]
    [InlineData("set swap 1G", "set:Command swap:Keyword 1G:Size")]
    [InlineData("set bogus 1", "set:Command bogus:Error 1:Number")]
    [InlineData("kernel latest", "kernel:Command latest:Keyword")]
    [InlineData("kernel 6.1-rc3", "kernel:Command 6.1-rc3:Number")]
    [InlineData("include \"lib.mm\"", "include:Command \"lib.mm\":String")]
    [InlineData("run lib.mm", "run:Command lib.mm:String")]
    [InlineData("help mmap", "help:Command mmap:Command")]
    [InlineData("read #1", "read:Command #1:Handle")]
    [InlineData("print handle(#2)", "print:Command handle:Function (:Operator #2:Handle ):Operator")]
    [InlineData("let p1 = p0 + 1", "let:Command p1:Name =:Operator p0:Name +:Operator 1:Number")]
    [InlineData("for i in 0..4 { write buf + i*4K = i }",
        "for:Command i:Name in:Keyword 0:Number ..:Operator 4:Number {:Operator write:Command buf:Mapping +:Operator " +
        "i:Name *:Operator 4K:Size =:Operator i:Name }:Operator")]
    [InlineData("split folio A buf", "split:Command folio:Keyword A:Process buf:Mapping")]
    [InlineData("show ptes A buf --csharp", "show:Command ptes:Keyword A:Process buf:Mapping --csharp:Keyword")]
    [InlineData("compare { proc A }", "compare:Command {:Operator proc:Command A:Process }:Operator")]
    [InlineData("trace on", "trace:Command on:Keyword")]
    [InlineData("write A @ 1.5G", "write:Command A:Process @:Error 1.5G:Error")]
    public void Script(string text, string expected) => Assert.Equal(expected, Classify(text));

    [Theory]
    [InlineData("cs { var s = \"}\"; // c\n if (x) return 1; }",
        "cs:Command {:Operator var:CSharpKeyword s:CSharp =:CSharp \"}\":CSharpString ;:CSharp // c:CSharpComment " +
        "if:CSharpKeyword (:CSharp x:CSharp ):CSharp return:CSharpKeyword 1;:CSharp }:Operator")]
    [InlineData("expect { Machine.Ok /* ok */ }",
        "expect:Command {:Operator Machine:CSharp .:CSharp Ok:CSharp /* ok */:CSharpComment }:Operator")]
    [InlineData("cs { var s = $\"{x}",
        "cs:Command {:Operator var:CSharpKeyword s:CSharp =:CSharp $\"{:CSharpString x:CSharp }:CSharpString")]
    [InlineData("cs {", "cs:Command {:Operator")]
    public void CSharp(string text, string expected) => Assert.Equal(expected, Classify(text));

    [Fact]
    public void WithoutTheReplNamesAreNames() =>
        Assert.Equal([Classification.Command, Classification.Name, Classification.Name],
            SyntaxClassifier.Classify("write A buf").Select(s => s.Kind));

    [Theory]
    [InlineData("")]
    [InlineData("for i in 0..4 {\n  cs { \"\"\" } \n")]
    [InlineData("}}}} {{{ ;;; # \" \\ $@\"{")]
    [InlineData("expect { $$\"\"\"{{{ }}} \"\"\" } ; write \u0000 \uD800")]
    public void SpansAreOrderedDisjointAndInside(string text) => Robustness.AssertWellFormed(text, SyntaxClassifier.Classify(text));
}
