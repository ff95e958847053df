using MmDsl.Language.Text;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;
using Interp = MmDsl.Runtime.Scripting.Interpreter;

namespace MmDsl.Runtime.Api;

/// <summary>
/// The simulated machine as C# sees it: the globals of <c>cs { }</c> snippets, and the API of a
/// program or test that embeds the engine. Everything it returns is a read-only view of the
/// session's current machine; the machine changes only through <see cref="Run"/>, which runs
/// MmDsl commands, so the engine keeps its own invariants.
/// </summary>
public sealed partial class MmApi
{
    public const long KiB = 1L << 10;
    public const long MiB = 1L << 20;
    public const long GiB = 1L << 30;
    public const long TiB = 1L << 40;

    /// <summary>PAGE_SIZE.</summary>
    public const long PageSize = 4 * KiB;

    /// <summary>HPAGE_PMD_SIZE: the size of a PMD-mapped THP.</summary>
    public const long HugePageSize = 2 * MiB;

    private Interp? _interpreter;

    /// <summary>A new session of its own: a fresh machine of <paramref name="kernel"/>, output to <paramref name="output"/>.</summary>
    public MmApi(TextWriter? output = null, string kernel = "latest")
    {
        if (!KernelVersion.TryParse(kernel, out var version))
        {
            throw new ArgumentException($"'{kernel}' is not a kernel version (try 5.16, 6.1 or latest)");
        }
        var session = new Session(output ?? TextWriter.Null, version);
        _interpreter = new Interp(session) { Host = new SessionServices(), StopOnError = true };
    }

    /// <summary>A view of an existing session, through the interpreter that runs it.</summary>
    internal MmApi(Interp interpreter)
    {
        _interpreter = interpreter;
    }

    private MmApi()
    {
    }

    /// <summary>Ctrl-C: cancelled when the user interrupts. Long loops in a snippet may check it.</summary>
    public CancellationToken Cancellation => Session.Cancellation;

    /// <summary>Failed <c>expect</c>s of the session so far.</summary>
    public int FailedExpectations => Session.FailedExpectations;

    /// <summary>Runtime and syntax errors of the session so far.</summary>
    public int Errors => Session.Errors;

    /// <summary>A snippet is running: <see cref="Run"/> runs its commands inside the snippet's command.</summary>
    internal bool InsideSnippet { get; set; }

    /// <summary>The snippet line calling <see cref="Run"/>, where errors in its commands are shown; null outside snippets.</summary>
    internal Func<Span?>? Caller { get; set; }

    /// <summary>Where relative paths in commands given to <see cref="Run"/> resolve.</summary>
    internal string? BaseDirectory { get; set; }

    internal Interp Interpreter =>
        _interpreter ?? throw new InvalidOperationException("this API object is not attached to a session yet");

    internal Session Session => Interpreter.Session;

    /// <summary>The session's machine now (<c>reset</c>, <c>kernel</c> and <c>undo</c> replace it).</summary>
    internal Engine.Machine Live => Session.Machine;

    /// <summary>Not yet attached to a session: the snippet host binds it before each snippet runs.</summary>
    internal static MmApi Unbound() => new();

    internal void Bind(Interp interpreter) => _interpreter = interpreter;

    /// <summary>
    /// Run MmDsl commands (one or more lines, or several separated by <c>;</c>) in this session,
    /// printing what they print. Returns false if a command failed (its error is printed).
    /// </summary>
    public bool Run(string commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        Cancellation.ThrowIfCancellationRequested();
        var source = new SourceText("<Run>", commands) { BaseDirectory = BaseDirectory ?? Directory.GetCurrentDirectory() };
        return InsideSnippet ? Interpreter.RunNested(source, Caller?.Invoke()) : Interpreter.RunText(source);
    }

    /// <summary>Print a value the way the language prints values (see <see cref="ValueText"/>).</summary>
    public void Print(object? value)
    {
        Cancellation.ThrowIfCancellationRequested();
        Session.Output.WriteLine(ValueText.Format(value));
    }

    /// <summary>The value of a mapping name or a variable of the script (<c>mmap buf ...</c>, <c>let n = ...</c>).</summary>
    public long Var(string name)
    {
        if (Session.Names.TryGetValue(name, out var value))
        {
            return value.Number;
        }
        var known = Session.Names.Keys.Order(StringComparer.Ordinal).ToList();
        throw new ArgumentException(known.Count == 0
            ? $"no mapping or variable named '{name}' (none is defined)"
            : $"no mapping or variable named '{name}' (defined: {string.Join(", ", known)})");
    }

    /// <summary>A number in hexadecimal: <c>Hex(4096)</c> is <c>0x1000</c>.</summary>
    public static string Hex(long value) => ValueText.Hex(value);
}
