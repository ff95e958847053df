using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>One answer line of the agent: <c>ok WORDS...</c> or <c>err NAME message</c>.</summary>
internal sealed record AgentReply(bool Ok, string Text, HostError? Error)
{
    public static AgentReply Parse(string line)
    {
        if (line == "ok")
            return new AgentReply(true, "", null);
        if (line.StartsWith("ok ", StringComparison.Ordinal))
            return new AgentReply(true, line[3..], null);
        if (line.StartsWith("err ", StringComparison.Ordinal))
        {
            string rest = line[4..];
            int space = rest.IndexOf(' ');
            string name = space < 0 ? rest : rest[..space];
            string message = space < 0 ? "" : rest[(space + 1)..];
            if (name.Length > 0)
                return new AgentReply(false, "", new HostError(name, message));
        }
        throw new HostAgentException($"agent answered outside the protocol: '{line}'");
    }

    public string[] Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public HostResult<T> ToResult<T>(Func<AgentReply, T> value) =>
        Ok ? HostResult<T>.Success(value(this)) : HostResult<T>.Fail(Error!);

    /// <summary>A number as the agent prints it: <c>0x</c>-prefixed hex or decimal.</summary>
    public static ulong Number(string word)
    {
        bool ok = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            : ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw new HostAgentException($"agent answered '{word}' where a number belongs");
    }

    /// <summary>The value of <c>key=value</c> among the words.</summary>
    public string Field(string key)
    {
        foreach (string w in Words)
            if (w.Length > key.Length && w[key.Length] == '=' && w.StartsWith(key, StringComparison.Ordinal))
                return w[(key.Length + 1)..];
        throw new HostAgentException($"agent answer '{Text}' lacks {key}=");
    }
}
