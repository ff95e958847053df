using MmDsl.Language.Commands;
using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// Runs syntax trees: binds names, evaluates expressions, runs the language's own commands, and
/// hands each memory operation to a kernel target (the simulated machine, or a live kernel), whose
/// outcome it reports. One instance per session; one interpreter whatever the backend.
/// </summary>
internal sealed partial class Interpreter
{
    private readonly IKernelTarget _target;
    private readonly ProcessBinder _binder;
    private readonly Evaluator _eval;
    private Command? _command;

    /// <summary>Runs on the simulated machine of SESSION.</summary>
    public Interpreter(Session session)
        : this(target: null, session)
    {
    }

    /// <summary>Runs on TARGET (a live kernel, a test's fake).</summary>
    internal Interpreter(IKernelTarget target)
        : this(target, session: null)
    {
    }

    private Interpreter(IKernelTarget? target, Session? session)
    {
        _target = target ?? new Targets.SimulatedTarget(session!);
        _session = session;
        _binder = new ProcessBinder(_target);
        _eval = new Evaluator(new QueryContext(_target, _binder, ReadForQuery));
    }

    private readonly Session? _session;

    /// <summary>The simulator's session: what snippets, <c>undo</c> and the C# API work on.</summary>
    public Session Session => _session ?? throw new InvalidOperationException($"a run on {_target.Where} has no simulator session");

    internal IKernelTarget Target => _target;

    private IScriptState State => _target.State;

    private TextWriter Out => State.Output;

    /// <summary>Stop a script at its first runtime error (scripts), or go on (the REPL).</summary>
    public bool StopOnError { get; init; } = true;

    /// <summary>
    /// The kernel was chosen on the command line (<c>--kernel</c>, or a diff run under the host's
    /// era): a <c>kernel</c> line in the script is then noted and ignored, so that one script runs
    /// under any era.
    /// </summary>
    public bool PinnedKernel { get; init; }

    /// <summary>Host services the language needs but the interpreter does not own (C#, undo, history...).</summary>
    public IInterpreterHost Host { get; init; } = NullHost.Instance;

    /// <summary>Syntax errors met so far (scripts exit with 2 when there are any).</summary>
    public int SyntaxErrors { get; private set; }

    /// <summary>Commands the backend could not do.</summary>
    public int Skipped => State.Skipped;

    /// <summary>Run every command of a parsed script. Returns false if it stopped on an error.</summary>
    public bool Run(Script script)
    {
        foreach (var command in script.Commands)
        {
            State.Cancellation.ThrowIfCancellationRequested();
            if (!Execute(command) && StopOnError)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Parse and run text; syntax errors are printed and counted.</summary>
    public bool RunText(SourceText source)
    {
        var parsed = ScriptParser.Parse(source);
        if (!parsed.Success)
        {
            PrintSyntaxErrors(parsed);
            State.Errors++;
            return false;
        }
        return Run(parsed.Script);
    }

    /// <summary>Run one command; a runtime error is printed and counted. Returns false on error.</summary>
    public bool Execute(Command command)
    {
        try
        {
            Host.BeforeCommand(this, command);
            using (_target.Begin(command, inner: false))
            {
                Dispatch(command);
            }
            Host.AfterCommand(this, command, succeeded: true);
            return true;
        }
        catch (Exception e) when (Failure(command, e) is { } message)
        {
            _summary = null;
            Out.WriteLine(message);
            State.Errors++;
            Host.AfterCommand(this, command, succeeded: false);
            return false;
        }
    }

    /// <summary>What to print for an error that ends a command, or null for one that is not the script's (a bug, a cancellation).</summary>
    private string? Failure(Command command, Exception e) => e switch
    {
        RuntimeError error => error.ToDiagnostic().Format(),
        Api.PolicyFailedException policy => $"{command.Span}: {policy.Message}",
        _ => _target.FailureOf(e) is { } why ? $"{command.Span}: {why}" : null,
    };

    /// <summary>Run commands inside a block: errors propagate to the enclosing command.</summary>
    private void RunInner(IEnumerable<Command> commands)
    {
        _depth++;
        try
        {
            foreach (var command in commands)
            {
                State.Cancellation.ThrowIfCancellationRequested();
                using (_target.Begin(command, inner: true))
                {
                    Dispatch(command);
                }
                if (_summary is null)
                {
                    Host.AfterInnerCommand(this, command);
                }
                Host.AfterEachInnerCommand(this, command);
            }
        }
        finally
        {
            _depth--;
        }
    }

    private void PrintSyntaxErrors(ParseResult parsed)
    {
        foreach (var d in parsed.Diagnostics)
        {
            Out.WriteLine(d.Format());
        }
    }

    /// <summary>Records what the command now running returned: <c>ok</c>, an errno, <c>SIGSEGV</c>.</summary>
    private void Outcome(string result)
    {
        if (_command is { } command)
        {
            State.Outcomes.Add(command.Span.Text, result, State.Diverged is { } why ? $"not compared: {why}" : null);
        }
    }

    private void Dispatch(Command command)
    {
        _command = command;
        var facts = CommandFacts.Of(command);
        if (facts.Unsupported(_target.Backend) is { } why)
        {
            NotSupported(command, why, facts.ChangesMemory);
            return;
        }
        try
        {
            DispatchCommand(command);
        }
        catch (UnsupportedException unsupported)
        {
            NotSupported(command, unsupported.Message, unsupported.ChangesMemory);
        }
    }

    private void DispatchCommand(Command command)
    {
        switch (command)
        {
            case ProcCommand c: Proc(c); break;
            case UseCommand c: State.Current = _binder.Process(c.Name); break;
            case ForkCommand c: Fork(c); break;
            case ExitCommand c: Exit(c); break;
            case MmapCommand c: Mmap(c); break;
            case MemfdCommand c: Memfd(c); break;
            case PwriteCommand c: Pwrite(c); break;
            case PreadCommand c: Pread(c); break;
            case MunmapCommand c: Munmap(c); break;
            case MlockCommand c: Mlock(c); break;
            case MprotectCommand c: Mprotect(c); break;
            case MremapCommand c: Mremap(c); break;
            case MadviseCommand c: Madvise(c); break;
            case ReadCommand c: Read(c); break;
            case WriteCommand c: Write(c); break;
            case HandleReadCommand c: _target.HandleRead(c.Handle.Number, c.Handle.Span); break;
            case HandleWriteCommand c: HandleWrite(c); break;
            case PinCommand c: TakeHandle(c.Args, "pin", c.Access?.Value == GupAccess.ReadWrite, c.LongTerm, c); break;
            case GetCommand c: TakeHandle(c.Args, "get", c.Access?.Value == GupAccess.ReadWrite, false, c); break;
            case VmspliceCommand c: TakeHandle(c.Args, "vmsplice", false, false, c); break;
            case ReleaseCommand c: Release(c); break;
            case SwapoutCommand c: Swapout(c); break;
            case ReclaimCommand: _target.Reclaim(); break;
            case CollapseCommand c: Collapse(c); break;
            case SplitCommand c: Split(c); break;
            case MigrateCommand c: Migrate(c); break;
            case ShrinkCommand c: _target.Shrink(c); break;
            case KhugepagedCommand: _target.Khugepaged(); break;
            case DrainCommand: _target.Drain(); break;
            case KsmCommand: _target.Ksm(); break;
            case KernelCommand c: Kernel(c); break;
            case SetCommand c: _target.Set(new SettingRequest(c, _eval.Number)); break;
            case TraceCommand c: _target.Trace(c.On); break;
            case FullCommand c: _target.Full(c.On); break;
            case ResetCommand: Reset(); break;
            case ShowCommand c: Show(c); break;
            case CheckCommand c: _target.Check(c); break;
            case PrintCommand c: Print(c); break;
            case LetCommand c: Let(c); break;
            case ExpectCommand c: Expect(c); break;
            case ForCommand c: For(c); break;
            case IncludeCommand c: Include(c); break;
            case RunCommand c: RunScriptFile(Path.GetFullPath(c.Path.Path), c.Path.Path, c.Path.Span, "run"); break;
            case CSharpCommand c: Host.CSharp(this, c); break;
            case CSharpExpectCommand c: Host.CSharpExpect(this, c); break;
            case CSharpLoadCommand c: Host.CSharpLoad(this, c); break;
            case PolicyCommand c: DefinePolicy(c); break;
            case PolicyLoadCommand c: LoadPolicies(c); break;
            case CompareCommand c: Compare(c); break;
            case UndoCommand c: Host.Undo(this, c); break;
            case SaveCommand c: Host.Save(this, c); break;
            case HistoryCommand c: Host.History(this, c); break;
            case ReportCommand c: Host.Report(this, c); break;
            case HelpCommand c: Help(c); break;
            default: throw new RuntimeError(command.Span, $"'{command.Span.Text}' cannot run here");
        }
    }
}
