using MmDsl.Runtime.Hosting;

namespace MmDsl.Repl.Cli;

/// <summary>Where C# snippet hosts come from.</summary>
public static class SnippetHosts
{
    /// <summary>Creates a snippet host; null while no snippet engine is built in.</summary>
    public static Func<ISnippetHost>? Factory => null;
}
