using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Api;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;
using Interp = MmDsl.Runtime.Scripting.Interpreter;

namespace MmDsl.Snippets;

/// <summary>
/// Runs <c>cs { }</c>, <c>expect { }</c> and <c>cs load</c> for one session, with one C# script
/// state that every snippet extends. Its globals are an <see cref="MmApi"/> bound to the session.
/// Creating it costs nothing; the compiler loads on <see cref="WarmUpAsync"/> or the first snippet.
/// </summary>
internal sealed partial class SnippetHost : ISnippetHost
{
    /// <summary>Console.Out is process-wide: sessions on other threads take turns redirecting it.</summary>
    private static readonly object ConsoleGate = new();

    private readonly MmApi _globals = MmApi.Unbound();
    private readonly SnippetCompiler _compiler;
    private bool _running;

    public SnippetHost()
    {
        _compiler = new SnippetCompiler(_globals);
    }

    public Task WarmUpAsync() => _compiler.WarmUpAsync();

    public void Run(Interp interpreter, CSharpCommand command)
    {
        var result = Evaluate<object>(interpreter, command.Code, Origin(command.CodeSpan, command.Span), command.Span);
        if (Report(interpreter, result) is SnippetResult.Completed { HasValue: true } done)
        {
            interpreter.Session.Output.WriteLine(ValueText.Format(done.Value));
        }
    }

    public void Expect(Interp interpreter, CSharpExpectCommand command)
    {
        var result = Evaluate<bool>(interpreter, command.Code, Origin(command.CodeSpan, command.Span), command.Span);
        if (Report(interpreter, result) is not SnippetResult.Completed done)
        {
            return;
        }
        if (!done.HasValue)
        {
            throw new RuntimeError(command.CodeSpan, "expect { } needs a boolean expression, with no ';' after it");
        }
        var text = RowKeys.CSharpText(command);
        interpreter.Judge(command.Span, command.FailsOn, RowKeys.Expect(command), text, done.Value is true, null, []);
    }

    public void Load(Interp interpreter, CSharpLoadCommand command)
    {
        var (file, display) = ReadCode(command.Path, command.Span, "cs load");
        var origin = new SnippetOrigin(file, 0, file.Text.Length, command.Span);
        if (Report(interpreter, Evaluate<object>(interpreter, file.Text, origin, command.Span)) is SnippetResult.Completed)
        {
            interpreter.Session.Output.WriteLine($"cs load: {display}");
        }
    }

    /// <summary>A C# file named relative to the script (<c>cs load</c>, <c>policy load</c>), and the name it is shown by.</summary>
    private static (SourceText File, string Display) ReadCode(PathArg name, Span command, string what)
    {
        var source = command.Source;
        var baseDir = source.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(Path.Combine(baseDir, name.Path));
        if (!ScriptFile.TryRead(path, out var code, out var why))
        {
            throw new RuntimeError(name.Span, $"{what}: {why}");
        }
        var display = Path.Combine(Path.GetDirectoryName(source.Path) ?? string.Empty, name.Path);
        return (new SourceText(display, code.Replace("\r\n", "\n")) { BaseDirectory = Path.GetDirectoryName(path) }, display);
    }

    private int _policies;

    /// <summary>
    /// <c>policy NAME : VERSION { members }</c>: the members become a class deriving from
    /// <see cref="Policy"/> (its header on the line of the brace, so lines and columns of errors are
    /// the script's), and one instance of it is the policy.
    /// </summary>
    public Policy DefinePolicy(Interp interpreter, PolicyCommand command)
    {
        var type = $"__Policy{++_policies}";
        var header = $"sealed class {type} : MmDsl.Runtime.Api.Policy {{ public override string Name => {Literal(command.Name)}; public override string Base => {Literal(command.Base)}; ";
        var code = header + command.Code + $"\n}}\nnew {type}()";
        var result = Evaluate<Policy>(interpreter, code, Origin(command.CodeSpan, command.Span), command.Span, header.Length);
        return Report(interpreter, result) is SnippetResult.Completed { Value: Policy policy }
            ? policy
            : throw new RuntimeError(command.Span, "the policy did not compile to an instance");
    }

    /// <summary><c>policy load FILE.cs</c>: runs the file, then makes one instance of each policy class it declares.</summary>
    public IReadOnlyList<Policy> LoadPolicies(Interp interpreter, PolicyLoadCommand command)
    {
        var (file, _) = ReadCode(command.Path, command.Span, "policy load");
        var origin = new SnippetOrigin(file, 0, file.Text.Length, command.Span);
        Report(interpreter, Evaluate<object>(interpreter, file.Text, origin, command.Span));
        var policies = new List<Policy>();
        foreach (var type in _compiler.PolicyClasses())
        {
            var made = Evaluate<Policy>(interpreter, $"new {type}()", Origin(command.Path.Span, command.Span), command.Span);
            if (Report(interpreter, made) is SnippetResult.Completed { Value: Policy policy })
            {
                policies.Add(policy);
            }
        }
        return policies;
    }

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static SnippetOrigin Origin(Span code, Span command) => new(code.Source, code.Start, code.Length, command);

    private SnippetResult Evaluate<T>(Interp interpreter, string code, SnippetOrigin origin, Span command, int prefix = 0)
    {
        if (_running)
        {
            throw new RuntimeError(command, "a C# snippet cannot start another one (through Run)");
        }
        _running = true;
        _globals.Bind(interpreter);
        _globals.InsideSnippet = true;
        _globals.Caller = _compiler.RunningLine;
        _globals.BaseDirectory = origin.Source.BaseDirectory;
        // Console.WriteLine in a snippet prints where the session prints (a golden test's output, say).
        lock (ConsoleGate)
        {
            var console = Console.Out;
            try
            {
                Console.SetOut(interpreter.Session.Output);
                using var notice = SnippetExitNotice.Enter(command);
                return _compiler.Evaluate<T>(code, origin, interpreter.Session.Cancellation, prefix);
            }
            finally
            {
                Console.SetOut(console);
                _globals.InsideSnippet = false;
                _running = false;
            }
        }
    }

    /// <summary>Print every compile error but the last, and turn the last error, exception or cancellation into the command's error.</summary>
    private static SnippetResult Report(Interp interpreter, SnippetResult result)
    {
        switch (result)
        {
            case SnippetResult.CompileFailed failed:
                foreach (var d in failed.Errors.Take(failed.Errors.Count - 1))
                {
                    interpreter.Session.Output.WriteLine(d.Format());
                }
                var last = failed.Errors[^1];
                throw new RuntimeError(last.Span, last.Message);
            case SnippetResult.Threw threw:
                throw new RuntimeError(threw.Where, $"{threw.Exception.GetType().FullName}: {threw.Exception.Message}");
            case SnippetResult.Cancelled cancelled:
                throw new RuntimeError(cancelled.Where, "snippet cancelled (Ctrl-C)");
            default:
                return result;
        }
    }
}
