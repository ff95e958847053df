using MmDsl.Runtime.Running;
using MmDsl.Snippets;

namespace MmDsl.Repl.Cli;

/// <summary>Where C# snippet hosts come from.</summary>
internal static class SnippetHosts
{
    /// <summary>
    /// Creates a snippet host. Only calling it loads the snippet host's code, and only its first
    /// snippet (or <see cref="ISnippetHost.WarmUpAsync"/>) loads the C# compiler.
    /// </summary>
    public static Func<ISnippetHost>? Factory { get; } = () => new SnippetHost();
}
