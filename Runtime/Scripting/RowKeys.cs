using System.Text.RegularExpressions;
using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// The keys of the rows a run records (<see cref="Observation.Key"/>), in one place: <c>diff</c> and
/// <c>--kernel all</c> line up the rows of two runs by these keys, whichever backend made them.
/// </summary>
internal static partial class RowKeys
{
    /// <summary>The row of <c>print EXPR</c>, from the expression's text.</summary>
    public static string Print(string expression) => "print " + expression;

    /// <summary>The row of <c>expect COND</c>, from the condition's text.</summary>
    public static string Expect(string condition) => "expect " + condition;

    /// <summary>The row of <c>expect { C# }</c>: the code on one line, in braces.</summary>
    public static string Expect(CSharpExpectCommand command) => Expect(CSharpText(command));

    /// <summary>How an <c>expect { C# }</c> is quoted: its code on one line, in braces.</summary>
    public static string CSharpText(CSharpExpectCommand command) => "{ " + Blanks().Replace(command.Code.Trim(), " ") + " }";

    /// <summary>Whether ROW shows the value of the query PART already (<c>print Q</c>, <c>expect Q</c>).</summary>
    public static bool Shows(string row, string part) => row == Print(part) || row == Expect(part);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
