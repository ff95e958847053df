using System.Text;

namespace MmDsl.Runtime.Tests.Vm;

internal static class VmTestKit
{
    public static void WriteLine(Stream stream, string line)
    {
        stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
        stream.Flush();
    }

    /// <summary>One line from the stream, without its newline; fails the test after <paramref name="timeout"/>.</summary>
    public static string ReadLine(Stream stream, TimeSpan timeout)
    {
        var reading = Task.Run(() =>
        {
            var bytes = new List<byte>();
            while (true)
            {
                int b = stream.ReadByte();
                if (b < 0)
                    return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
                if (b == '\n')
                    return Encoding.UTF8.GetString(bytes.ToArray());
                if (b != '\r')
                    bytes.Add((byte)b);
            }
        });
        Assert.True(reading.Wait(timeout), $"no line within {timeout.TotalSeconds} s");
        return reading.Result ?? throw new Xunit.Sdk.XunitException("end of stream");
    }

    public static bool ProcessRuns(int pid) => Status(pid) is not null;

    public static string? Status(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
