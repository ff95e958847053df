namespace MmDsl.Language.Text;

/// <summary>
/// Reads the file of <c>run</c>, <c>include</c>, <c>compare</c>, <c>cs load</c> and <c>mmdsl run</c>:
/// a regular file of at most <see cref="MaxBytes"/>. Devices, pipes and /proc files report a size of
/// 0 and are refused without being opened, so <c>/dev/zero</c> or a FIFO cannot hang or fill memory.
/// </summary>
internal static class ScriptFile
{
    /// <summary>16 MiB: far more than any script, far less than what would exhaust memory.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>The file's text, or why it cannot be read as a script.</summary>
    public static bool TryRead(string path, out string text, out string error)
    {
        text = string.Empty;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                error = $"no such file: {path}";
                return false;
            }
            if (info.Length == 0)
            {
                error = $"{path} is empty or not a regular file (a device, a pipe or a /proc file)";
                return false;
            }
            if (info.Length > MaxBytes)
            {
                error = $"{path} is too large for a script ({info.Length} bytes; at most {MaxBytes})";
                return false;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            var bytes = new byte[info.Length + 1];
            var read = 0;
            while (read < bytes.Length && stream.Read(bytes, read, bytes.Length - read) is var n and > 0)
            {
                read += n;
            }
            if (read > info.Length)
            {
                error = $"{path} is not a regular file: it holds more than its size";
                return false;
            }
            text = System.Text.Encoding.UTF8.GetString(bytes, 0, read).TrimStart('\uFEFF');
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            error = $"cannot read {path}: {e.Message}";
            return false;
        }
    }
}
