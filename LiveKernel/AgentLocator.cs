namespace MmDsl.LiveKernel;

/// <summary>Finds the agent binary: an explicit path, $MMDSL_AGENT, or next to the program's assemblies.</summary>
internal static class AgentLocator
{
    public const string FileName = "mmdsl-agent";
    public const string EnvironmentVariable = "MMDSL_AGENT";

    /// <summary>The agent's path, or null with the reason in <paramref name="reason"/>.</summary>
    public static string? Find(string? explicitPath, out string reason)
    {
        string path = explicitPath
            ?? Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            reason = $"no agent at {path} (the build compiles it only where a C compiler exists)";
            return null;
        }
        if (OperatingSystem.IsLinux())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
        reason = "";
        return path;
    }
}
