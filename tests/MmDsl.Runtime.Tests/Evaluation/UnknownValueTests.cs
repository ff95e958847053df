using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Evaluation;

/// <summary>
/// Values a backend cannot give (the live kernel's refcounts) and values that depend on the
/// machine (pfns): how the evaluator carries them through arithmetic, comparisons and logic.
/// </summary>
public sealed class UnknownValueTests
{
    private const string Why = "unobservable: no interface";

    [Theory]
    [InlineData("refcount(A, 0) + 1")]
    [InlineData("refcount(A, 0) == 1")]
    [InlineData("not (refcount(A, 0) == 1)")]
    [InlineData("present(A, 0) and refcount(A, 0) == 1")]
    [InlineData("refcount(A, 0) == 1 or not present(A, 0)")]
    public void What_needs_an_unknown_value_is_unknown(string expr)
    {
        var value = Evaluate(expr, out _);

        Assert.True(value.IsUnknown);
        Assert.Equal(Why, value.Unknown);
    }

    [Theory]
    [InlineData("not present(A, 0) and refcount(A, 0) == 1", false)]
    [InlineData("refcount(A, 0) == 1 and not present(A, 0)", false)]
    [InlineData("present(A, 0) or refcount(A, 0) == 1", true)]
    [InlineData("refcount(A, 0) == 1 or present(A, 0)", true)]
    public void Logic_decided_by_a_known_side_needs_no_unknown(string expr, bool expected)
    {
        var value = Evaluate(expr, out _);

        Assert.False(value.IsUnknown);
        Assert.Equal(expected, value.Bool);
    }

    [Fact]
    public void A_decided_left_side_keeps_the_right_side_from_running()
    {
        Evaluate("not present(A, 0) and value(A, 0) == 1", out var context);

        Assert.DoesNotContain("value(A, 0)", context.Calls);
    }

    [Theory]
    [InlineData("pfn(A, 0)", true)]
    [InlineData("pfn(A, 0) + 1", true)]
    [InlineData("pfn(A, 0) == 0x100", true)]
    [InlineData("pfn(A, 0) == pfn(A, 4096)", false)]
    [InlineData("pfn(A, 4096) == pfn(A, 0) + 1", false)]
    [InlineData("pfn(A, 0) != 0", false)]
    [InlineData("value(A, 0) == 7", false)]
    public void Pfns_are_machine_specific_until_compared_with_one_another(string expr, bool machineSpecific)
    {
        Assert.Equal(machineSpecific, Evaluate(expr, out _).MachineSpecific);
    }

    [Fact]
    public void An_expectation_keeps_the_value_of_every_query_it_evaluated()
    {
        var context = new FakeContext();
        var eval = new Evaluator(context);

        var ((outcome, detail), parts) = eval.Recorded(() => eval.Expectation(Parse("refcount(A, 0) == 1 and pfn(A, 0) != 0")));

        Assert.True(outcome.IsUnknown);
        Assert.Null(detail);
        Assert.Equal(["refcount(A, 0)", "pfn(A, 0)"], parts.Select(p => p.Key));
        Assert.Equal(Why, parts[0].Skipped);
        Assert.True(parts[1].MachineSpecific);
    }

    [Fact]
    public void An_unknown_value_cannot_be_an_address()
    {
        var eval = new Evaluator(new FakeContext());

        var error = Assert.Throws<RuntimeError>(() => eval.Number(Parse("refcount(A, 0)"), "an address"));

        Assert.Contains(Why, error.Message, StringComparison.Ordinal);
    }

    private static Value Evaluate(string expr, out FakeContext context)
    {
        context = new FakeContext();
        return new Evaluator(context).Eval(Parse(expr));
    }

    private static Expr Parse(string expr)
    {
        var parsed = ScriptParser.Parse(new SourceText("test", "print " + expr));
        Assert.True(parsed.Success, string.Join("\n", parsed.Diagnostics.Select(d => d.Format())));
        return ((PrintCommand)parsed.Script.Commands[0]).Value;
    }

    /// <summary>One process A: page 0 present (value 7, pfn 0x100), refcounts unknown.</summary>
    private sealed class FakeContext : IExpressionContext
    {
        public List<string> Calls { get; } = [];

        public bool TryGetName(string name, out Value value)
        {
            value = default;
            return false;
        }

        public bool IsProcess(string name) => name == "A";

        public Value Call(CallExpr call, Evaluator eval)
        {
            var address = eval.Number(call.Args[^1], "an address");
            Calls.Add(call.Span.Text.Trim());
            return call.Function switch
            {
                "refcount" => Value.Unobserved(false, Why),
                "present" => Value.Of(address == 0),
                "value" => Value.Of(7),
                "pfn" => Value.Of(0x100 + address / 4096, hex: true) with { MachineSpecific = true },
                _ => throw new InvalidOperationException(call.Function),
            };
        }
    }
}
