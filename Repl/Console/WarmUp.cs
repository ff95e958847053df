using MmDsl.Language.Commands;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl;

/// <summary>
/// Compiles the parser, the highlighter and the engine on another thread while the prompt
/// appears and the user types (CSharpRepl's WarmUpAsync), so that the first command does not
/// wait for the JIT. It works on a session of its own and prints nothing.
/// </summary>
internal static class WarmUp
{
    private const string Sample = """
        proc A
        mmap buf 2M thp
        write buf
        fork B
        write buf+4K
        for i in 0..2 { read B buf + i*4K }
        show refs
        show maps
        print refcount(A, buf)
        expect mapcount(A, buf) >= 1
        """;

    public static void Start() => new Thread(Run) { IsBackground = true, Name = "warm-up", Priority = ThreadPriority.BelowNormal }.Start();

    private static void Run()
    {
        try
        {
            SyntaxClassifier.Classify(Sample + "\ncs { var x = \"y\"; }", _ => NameKind.Unknown);
            ScriptParser.NeedsMoreInput(Sample);
            // Each command's grammar is built when first used: build them all now, from the examples.
            foreach (var command in CommandTable.All)
            {
                ScriptParser.Parse(new SourceText("warm-up", command.Example));
            }
            var session = new Session(TextWriter.Null);
            new Interpreter(session).RunText(new SourceText("warm-up", Sample));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Warming up is only an optimisation.
        }
    }
}
