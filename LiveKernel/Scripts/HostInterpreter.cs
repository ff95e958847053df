using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// Runs a script's syntax tree on the live kernel: each process is an agent, each memory command
/// the real system call, each query what /proc and /sys say. It records the same observations as
/// the simulator's interpreter (a row per <c>print</c> and <c>expect</c>, with the queries each
/// evaluated), so that a diff can line the two up. A command the host cannot do prints
/// <c>not on the host: ...</c> and is counted as skipped; when it would have changed memory,
/// every observation after it, up to the next <c>reset</c>, is marked as not comparable.
/// </summary>
public sealed partial class HostInterpreter
{
    private readonly LiveSession _host;
    private readonly HostBinder _binder = new();
    private readonly FaultLedger _faults = new();
    private readonly Evaluator _eval;
    private readonly Dictionary<int, HostHandle> _handles = [];
    private int _nextHandle = 1;
    private ulong _writeCounter;
    private string? _diverged;
    private int _depth;
    private Command? _command;
    private CounterWindows _windows = new();

    public HostInterpreter(LiveSession host, TextWriter output)
    {
        _host = host;
        Output = output;
        _eval = new Evaluator(new HostQueryContext(host, _binder, _faults, () => _windows, ReadForQuery, ReadHandleForQuery));
    }

    public TextWriter Output { get; }

    /// <summary>Stop at the first runtime error (scripts).</summary>
    public bool StopOnError { get; init; } = true;

    /// <summary>
    /// The simulator run this one is compared with ignores <c>kernel</c> lines (a diff runs it under
    /// the host's era); say so here too.
    /// </summary>
    public bool PinnedKernel { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>A row per <c>print</c> and <c>expect</c>, as the simulator records them.</summary>
    public List<Observation> Observations { get; } = [];

    /// <summary>What system calls and single accesses returned, as the simulator records them.</summary>
    public OutcomeLog Outcomes { get; } = new();

    public int Errors { get; private set; }

    public int FailedExpectations { get; private set; }

    public int SyntaxErrors { get; private set; }

    /// <summary>Commands the host could not do.</summary>
    public int Skipped { get; private set; }

    private TextWriter Out => Output;

    private HostCapabilities Can => _host.Capabilities;

    public bool Run(Script script)
    {
        _windows = new CounterWindows
        {
            Enabled = CounterWindows.Needed(script.Commands, script.Source.BaseDirectory),
            PerSize = CounterWindows.NeedsPerSize(script.Commands, script.Source.BaseDirectory),
        };
        foreach (var command in script.Commands)
        {
            Cancellation.ThrowIfCancellationRequested();
            if (!Execute(command) && StopOnError)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Run one command; a runtime error, or an agent that broke, is printed and counted.</summary>
    public bool Execute(Command command)
    {
        try
        {
            Dispatch(command);
            return true;
        }
        catch (RuntimeError error)
        {
            _summary = null;
            Out.WriteLine(error.ToDiagnostic().Format());
            Errors++;
            return false;
        }
        catch (Exception e) when (e is HostAgentException or HostUnavailableException or HostCommandException or IOException)
        {
            _summary = null;
            Out.WriteLine($"{command.Span}: host: {e.Message}");
            Errors++;
            return false;
        }
    }

    private void RunInner(IEnumerable<Command> commands)
    {
        _depth++;
        try
        {
            foreach (var command in commands)
            {
                Cancellation.ThrowIfCancellationRequested();
                Dispatch(command);
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>The script's memory commands run inside counter windows (see <see cref="CounterWindows"/>).</summary>
    private void Dispatch(Command command)
    {
        var watched = command is MmapCommand or MunmapCommand or MprotectCommand or MremapCommand or MadviseCommand
            or ReadCommand or WriteCommand or HandleReadCommand or HandleWriteCommand or PinCommand or VmspliceCommand
            or ReleaseCommand or SwapoutCommand or CollapseCommand or SplitCommand or ShrinkCommand
            ? _windows.Begin()
            : command is ForkCommand or ExitCommand && _windows.Begin(thpOnly: true);
        try
        {
            DispatchCommand(command);
        }
        finally
        {
            if (watched)
            {
                _windows.End();
            }
        }
    }

    private void DispatchCommand(Command command)
    {
        _command = command;
        switch (command)
        {
            case ProcCommand c: Proc(c); break;
            case UseCommand c: _binder.Current = _binder.Process(c.Name).Name; break;
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
            case GetCommand c: NoHandle(c.Span, "get", "get_user_pages (FOLL_GET) has no user-space interface"); break;
            case VmspliceCommand c: Vmsplice(c); break;
            case ReleaseCommand c: Release(c); break;
            case SwapoutCommand c: Swapout(c); break;
            case CollapseCommand c: Collapse(c); break;
            case SplitCommand c: Split(c); break;
            case ShrinkCommand c: Shrink(c); break;
            case ReclaimCommand c: NotOnHost(c, "user space cannot ask for global reclaim of anonymous memory", diverges: true); break;
            case MigrateCommand c: NotOnHost(c, "user space cannot move a page to a new frame on the same node", diverges: true); break;
            case KhugepagedCommand c: NotOnHost(c, "khugepaged is parked for the run; it scans on its own schedule", diverges: true); break;
            case DrainCommand c: NotOnHost(c, "user space cannot drain the per-CPU LRU-add batches", diverges: true); break;
            case KernelCommand c: Kernel(c); break;
            case SetCommand c: Set(c); break;
            case TraceCommand c: NotOnHost(c, "the live kernel does not explain its decisions", diverges: false); break;
            case ResetCommand: Reset(); break;
            case ShowCommand c: Show(c); break;
            case CheckCommand c: NotOnHost(c, "the simulator's invariants are about its own bookkeeping", diverges: false); break;
            case PrintCommand c: Print(c); break;
            case LetCommand c: Let(c); break;
            case ExpectCommand c: Expect(c); break;
            case ForCommand c: For(c); break;
            case IncludeCommand c: Include(c); break;
            case RunCommand c: RunScriptFile(Path.GetFullPath(c.Path.Path), c.Path.Path, c.Path.Span, "run"); break;
            case CSharpCommand c: NotOnHost(c, "C# snippets run against the simulator's engine", diverges: true); break;
            case CSharpLoadCommand c: NotOnHost(c, "C# snippets run against the simulator's engine", diverges: false); break;
            case CSharpExpectCommand c: CSharpExpect(c); break;
            case UndoCommand c: NotOnHost(c, "the live kernel cannot go back", diverges: true); break;
            case CompareCommand or SaveCommand or HistoryCommand or HelpCommand:
                NotOnHost(command, "a session command of the simulator", diverges: false);
                break;
            default: throw new RuntimeError(command.Span, $"'{command.Span.Text}' cannot run here");
        }
    }

    /// <summary>
    /// A command the host cannot do: printed and counted as skipped. When DIVERGES, it would have
    /// changed memory, and later observations are not compared.
    /// </summary>
    private void NotOnHost(Command command, string why, bool diverges)
    {
        var text = FirstLine(command.Span.Text);
        Out.WriteLine($"{text}: not on the host: {why}");
        Skipped++;
        if (diverges)
        {
            Diverge($"'{text}' is not on the host: {why}");
        }
    }

    /// <summary>Records what the command now running returned: <c>ok</c>, an errno, <c>SIGSEGV</c>.</summary>
    private void Outcome(string result)
    {
        if (_command is { } command)
        {
            Outcomes.Add(command.Span.Text, result, _diverged is { } why ? $"not compared: {why}" : null);
        }
    }

    /// <summary>From here to the next <c>reset</c> the host's memory is not what the simulator's is.</summary>
    private void Diverge(string why) => _diverged ??= why;

    private static string FirstLine(string text)
    {
        var line = text.Trim();
        var end = line.IndexOf('\n');
        return end < 0 ? line : line[..end].TrimEnd() + " ...";
    }

    private void Include(IncludeCommand c)
    {
        var source = c.Span.Source;
        var baseDir = source.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? Directory.GetCurrentDirectory();
        var display = Path.Combine(Path.GetDirectoryName(source.Path) ?? string.Empty, c.Path.Path);
        RunScriptFile(Path.GetFullPath(Path.Combine(baseDir, c.Path.Path)), display, c.Path.Span, "include");
    }

    private void RunScriptFile(string path, string display, Span span, string verb)
    {
        if (_depth > 32)
        {
            throw new RuntimeError(span, $"{verb}: nested too deeply (an include cycle?)");
        }
        if (!ScriptFile.TryRead(path, out var text, out var why))
        {
            throw new RuntimeError(span, $"{verb}: {why}");
        }
        var parsed = ScriptParser.Parse(new SourceText(display, text) { BaseDirectory = Path.GetDirectoryName(path) });
        if (!parsed.Success)
        {
            foreach (var d in parsed.Diagnostics)
            {
                Out.WriteLine(d.Format());
            }
            SyntaxErrors++;
            throw new RuntimeError(span, $"{verb}: {path} has syntax errors");
        }
        RunInner(parsed.Script.Commands);
    }
}
