using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Running;

/// <summary>
/// Whether a script can run C# (<c>cs { }</c>, <c>expect { }</c>, <c>cs load</c>), in itself, in
/// its loops or in the files it includes or runs. A snippet is trusted code that can touch the
/// world outside the simulator (files, standard error, the environment) in an order that matters,
/// so a script that can run one runs its eras one after another.
/// </summary>
internal static class CSharpUse
{
    public static bool MayRun(Script script) => MayRun(script.Commands, script.Source, depth: 0);

    private static bool MayRun(IEnumerable<Command> commands, SourceText source, int depth)
    {
        foreach (var command in commands)
        {
            switch (command)
            {
                case CSharpCommand or CSharpExpectCommand or CSharpLoadCommand or PolicyCommand or PolicyLoadCommand:
                    return true;
                case ForCommand f when MayRun(f.Body, source, depth):
                    return true;
                case IncludeCommand i:
                    var baseDir = source.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? Directory.GetCurrentDirectory();
                    if (FileMayRun(Path.GetFullPath(Path.Combine(baseDir, i.Path.Path)), depth))
                    {
                        return true;
                    }
                    break;
                case RunCommand r when FileMayRun(Path.GetFullPath(r.Path.Path), depth):
                    return true;
            }
        }
        return false;
    }

    /// <summary>A file that cannot be read or parsed fails the same way in every era; deep nesting (a cycle?) counts as C#, to be safe.</summary>
    private static bool FileMayRun(string path, int depth)
    {
        if (depth > 32)
        {
            return true;
        }
        if (!ScriptFile.TryRead(path, out var text, out _))
        {
            return false;
        }
        var parsed = ScriptParser.Parse(new SourceText(path, text) { BaseDirectory = Path.GetDirectoryName(path) });
        return parsed.Success && MayRun(parsed.Script.Commands, parsed.Script.Source, depth + 1);
    }
}
