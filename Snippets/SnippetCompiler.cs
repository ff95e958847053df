using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using MmDsl.Language.Text;
using MmDsl.Runtime.Api;
using Diagnostic = MmDsl.Language.Text.Diagnostic;
using Severity = MmDsl.Language.Text.Severity;

namespace MmDsl.Snippets;

/// <summary>
/// One chain of C# submissions over Roslyn's scripting API: each snippet continues the state of
/// the previous one (ContinueWith), so variables, methods, types and usings carry over. The only
/// class that speaks Roslyn; it is created with the snippet host, on the first snippet.
/// </summary>
internal sealed class SnippetCompiler
{
    /// <summary>Submissions name their code <c>snippet:N</c>.</summary>
    private const string FilePrefix = "snippet:";

    private static readonly string[] Imports =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "MmDsl.Runtime.Api",
    ];

    private readonly MmApi _globals;
    private readonly ScriptOptions _options;
    private readonly SnippetLines _lines = new();
    private int _submissions;
    private readonly object _gate = new();
    private Task<ScriptState>? _initial;
    private ScriptState? _state;

    public SnippetCompiler(MmApi globals)
    {
        _globals = globals;
        _options = ScriptOptions.Default
            .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(MmApi).Assembly, typeof(SourceText).Assembly)
            .WithImports(Imports)
            .WithEmitDebugInformation(false)
            .WithFileEncoding(Encoding.UTF8)
            .WithOptimizationLevel(OptimizationLevel.Debug);
    }

    /// <summary>Start the chain with an empty submission on a background thread (loads and warms the compiler).</summary>
    /// <summary>
    /// Start the chain in the background, and compile (without running) a typical snippet, so that
    /// the compiler is loaded and its code compiled when the first real snippet comes.
    /// </summary>
    public Task WarmUpAsync() => Initial(thorough: true);

    /// <summary>The chain's first, empty submission; <paramref name="thorough"/> warms up compiling a typical snippet too.</summary>
    private Task<ScriptState> Initial(bool thorough)
    {
        lock (_gate)
        {
            return _initial ??= Task.Run(() => Start(thorough));
        }
    }

    private ScriptState Start(bool thorough)
    {
        var script = CSharpScript.Create(string.Empty, _options.WithFilePath(FilePrefix + "0"), typeof(MmApi));
        var state = script.RunAsync(_globals).GetAwaiter().GetResult();
        if (thorough)
        {
            state.Script.ContinueWith("var warm = Folios.Where(f => f.RefCount > f.MapCount).Select(f => f.Pfn).ToList(); Print(warm.Count);", _options).Compile();
        }
        return state;
    }

    /// <summary>The snippet line now running, as a script span: for errors in what it asks the API to do.</summary>
    public Span? RunningLine() => _lines.Where(new System.Diagnostics.StackTrace(1, fNeedFileInfo: false));

    /// <summary>
    /// Compile <paramref name="code"/> as the next submission and run it. The code may start with
    /// <paramref name="prefix"/> characters of the project's own (a policy's class header, on the
    /// same line as the user's first): positions are mapped to the script without them.
    /// </summary>
    public SnippetResult Evaluate<T>(string code, SnippetOrigin origin, CancellationToken cancellation, int prefix = 0)
    {
        var options = _options.WithFilePath(FilePrefix + (_submissions + 1).ToString(CultureInfo.InvariantCulture));
        // With no warm-up under way, the first snippet starts the chain itself: one compilation less.
        var previous = _state ?? (_initial is null ? null : Initial(thorough: false).GetAwaiter().GetResult());
        var script = previous is null
            ? CSharpScript.Create<T>(code, options, typeof(MmApi))
            : previous.Script.ContinueWith<T>(code, options);
        var errors = script.Compile(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return new SnippetResult.CompileFailed(errors.Select(d => Map(d, origin, prefix)).ToList());
        }
        _submissions++;
        _lines.Add(origin, script.GetCompilation());
        ScriptState<T> state;
        try
        {
            state = (previous is null
                ? script.RunAsync(_globals, _ => true, cancellation)
                : script.RunFromAsync(previous, _ => true, cancellation)).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return new SnippetResult.Cancelled(origin.Command);
        }
        _state = state;
        if (state.Exception is { } e)
        {
            var where = _lines.Where(e) ?? origin.Command;
            return e is OperationCanceledException && cancellation.IsCancellationRequested
                ? new SnippetResult.Cancelled(where)
                : new SnippetResult.Threw(e, where);
        }
        return new SnippetResult.Completed(state.ReturnValue, EndsInValue(script.GetCompilation()));
    }

    /// <summary>
    /// The classes the last submission declared that derive from <see cref="Policy"/> and can be
    /// created (not abstract, not generic), in the order written.
    /// </summary>
    public IReadOnlyList<string> PolicyClasses()
    {
        if (_state is null)
        {
            return [];
        }
        var compilation = _state.Script.GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var names = new List<string>();
        foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol { IsAbstract: false, IsGenericType: false } symbol)
            {
                continue;
            }
            for (var t = symbol.BaseType; t is not null; t = t.BaseType)
            {
                if (t.Name == nameof(Policy) && t.ContainingNamespace.ToDisplayString() == typeof(Policy).Namespace)
                {
                    names.Add(symbol.Name);
                    break;
                }
            }
        }
        return names;
    }

    /// <summary>The submission ends in an expression with a value (no <c>;</c> after it, not a void call).</summary>
    private static bool EndsInValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single();
        if (tree.GetRoot() is not CompilationUnitSyntax { Members: [.., GlobalStatementSyntax { Statement: ExpressionStatementSyntax last }] } ||
            !last.SemicolonToken.IsMissing)
        {
            return false;
        }
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>A compiler error at its place in the script.</summary>
    private static Diagnostic Map(Microsoft.CodeAnalysis.Diagnostic d, SnippetOrigin origin, int prefix)
    {
        var span = d.Location.IsInSource ? origin.At(Math.Max(0, d.Location.SourceSpan.Start - prefix), d.Location.SourceSpan.Length) : origin.Command;
        return new Diagnostic(Severity.Error, d.Id, span, $"{d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
    }
}
