using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine.Events;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// Runs syntax trees against the engine: binds names, evaluates expressions, calls the machine,
/// and formats what it did. One instance per session.
/// </summary>
public sealed partial class Interpreter
{
    private readonly Session _session;
    private readonly Binder _binder;
    private readonly Evaluator _eval;
    private readonly List<EngineEvent> _events = [];
    private AccessSummary? _summary;
    private Command? _command;

    public Interpreter(Session session)
    {
        _session = session;
        _binder = new Binder(session);
        var queries = new Queries(session, _binder, ReadForQuery, ReadHandleForQuery);
        _eval = new Evaluator(new SessionExpressionContext(session, queries));
    }

    public Session Session => _session;

    /// <summary>Stop a script at its first runtime error (scripts), or go on (the REPL).</summary>
    public bool StopOnError { get; init; } = true;

    /// <summary>
    /// The kernel was chosen on the command line (<c>--kernel</c>): a <c>kernel</c> line in the
    /// script is then noted and ignored, so that one script runs under any era.
    /// </summary>
    public bool PinnedKernel { get; init; }

    /// <summary>Host services the language needs but the interpreter does not own (C#, undo, history...).</summary>
    public IInterpreterHost Host { get; init; } = NullHost.Instance;

    private Engine.Machine M => _session.Machine;

    private TextWriter Out => _session.Output;

    /// <summary>Run every command of a parsed script. Returns false if it stopped on an error.</summary>
    public bool Run(Script script) => RunCommands(script.Commands);

    /// <summary>Parse and run text; syntax errors are printed and counted.</summary>
    public bool RunText(SourceText source)
    {
        var parsed = ScriptParser.Parse(source);
        if (!parsed.Success)
        {
            foreach (var d in parsed.Diagnostics)
            {
                Out.WriteLine(d.Format());
            }
            _session.Errors++;
            SyntaxErrors++;
            return false;
        }
        return Run(parsed.Script);
    }

    /// <summary>Syntax errors met so far (scripts exit with 2 when there are any).</summary>
    public int SyntaxErrors { get; private set; }

    private bool RunCommands(IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            _session.Cancellation.ThrowIfCancellationRequested();
            if (!Execute(command) && StopOnError)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Run one command; a runtime error is printed and counted. Returns false on error.</summary>
    public bool Execute(Command command)
    {
        try
        {
            Host.BeforeCommand(this, command);
            _events.Clear();
            M.Events = _events;
            Dispatch(command);
            FlushEvents();
            Host.AfterCommand(this, command, succeeded: true);
            return true;
        }
        catch (RuntimeError error)
        {
            FlushEvents();
            _summary = null;
            Out.WriteLine(error.ToDiagnostic().Format());
            _session.Errors++;
            Host.AfterCommand(this, command, succeeded: false);
            return false;
        }
    }

    /// <summary>Print what the engine did that no command printed itself.</summary>
    private void FlushEvents()
    {
        if (_events.Count == 0)
        {
            return;
        }
        var formatter = Formatter;
        foreach (var e in _events)
        {
            if (e is FaultEvent f)
            {
                Out.WriteLine($"{f.Process}: {EventFormatter.Verb(f.Access)} {Fmt.Hex(f.Address)}: {EventFormatter.Describe(f)}");
                foreach (var line in formatter.TraceLines(f))
                {
                    Out.WriteLine(line);
                }
                continue;
            }
            foreach (var line in formatter.Other(e, insideAccess: false))
            {
                Out.WriteLine(line);
            }
        }
        _events.Clear();
    }

    private EventFormatter Formatter => new(_session.Trace, _session.Era.Name);

    /// <summary>Records what the command now running returned: <c>ok</c>, an errno, <c>SIGSEGV</c>.</summary>
    private void Outcome(string result)
    {
        if (_command is { } command)
        {
            _session.Outcomes.Add(command.Span.Text, result);
        }
    }

    private void Dispatch(Command command)
    {
        _command = command;
        switch (command)
        {
            case ProcCommand c: Proc(c); break;
            case UseCommand c: Use(c); break;
            case ForkCommand c: Fork(c); break;
            case ExitCommand c: Exit(c); break;
            case MmapCommand c: Mmap(c); break;
            case MunmapCommand c: Munmap(c); break;
            case MprotectCommand c: Mprotect(c); break;
            case MremapCommand c: Mremap(c); break;
            case MadviseCommand c: Madvise(c); break;
            case ReadCommand c: Read(c); break;
            case WriteCommand c: Write(c); break;
            case HandleReadCommand c: HandleRead(c); break;
            case HandleWriteCommand c: HandleWrite(c); break;
            case PinCommand c: Pin(c); break;
            case GetCommand c: Get(c); break;
            case VmspliceCommand c: Vmsplice(c); break;
            case ReleaseCommand c: Release(c); break;
            case SwapoutCommand c: Swapout(c); break;
            case ReclaimCommand c: Reclaim(c); break;
            case CollapseCommand c: Collapse(c); break;
            case SplitCommand c: Split(c); break;
            case MigrateCommand c: Migrate(c); break;
            case ShrinkCommand c: Shrink(c); break;
            case KhugepagedCommand c: Khugepaged(c); break;
            case DrainCommand c: Drain(c); break;
            case KernelCommand c: Kernel(c); break;
            case SetCommand c: Set(c); break;
            case TraceCommand c: _session.Trace = c.On; break;
            case ResetCommand: Reset(); break;
            case ShowCommand c: Show(c); break;
            case CheckCommand c: Check(c); break;
            case PrintCommand c: Print(c); break;
            case LetCommand c: Let(c); break;
            case ExpectCommand c: Expect(c); break;
            case ForCommand c: For(c); break;
            case IncludeCommand c: Include(c); break;
            case CSharpCommand c: Host.CSharp(this, c); break;
            case CSharpExpectCommand c: Host.CSharpExpect(this, c); break;
            case CSharpLoadCommand c: Host.CSharpLoad(this, c); break;
            case CompareCommand c: Compare(c); break;
            case UndoCommand c: Host.Undo(this, c); break;
            case SaveCommand c: Host.Save(this, c); break;
            case RunCommand c: RunFile(c); break;
            case HistoryCommand c: Host.History(this, c); break;
            case HelpCommand c: Help(c); break;
            default: throw new RuntimeError(command.Span, $"'{command.Span.Text}' cannot run here");
        }
    }
}
