namespace MmDsl.Repl.Cli;

/// <summary>
/// With <c>MMDSL_LIST_ASSEMBLIES=1</c>, the program lists the assemblies it loaded when it ends, so
/// that a test can check that a script without C# never loads the compiler.
/// </summary>
internal static class LoadedAssemblies
{
    public const string Variable = "MMDSL_LIST_ASSEMBLIES";

    public static void ReportIfAsked(TextWriter error)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            return;
        }
        foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            error.WriteLine($"loaded assembly: {name}");
        }
    }
}
