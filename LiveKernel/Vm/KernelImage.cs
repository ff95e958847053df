using System.Text;

namespace MmDsl.LiveKernel.Vm;

/// <summary>What a bzImage (vmlinuz) says about itself in its boot header, read without booting it.</summary>
internal static class KernelImage
{
    /// <summary>
    /// The kernel's version string ("5.10.0-32-cloud-amd64 (debian-kernel@...) #1 SMP Debian 5.10.223-1 ..."),
    /// or null when the file is not a bzImage. The x86 boot protocol puts "HdrS" at 0x202 and the
    /// string's offset, less 0x200, at 0x20E.
    /// </summary>
    public static string? ReadVersionString(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var header = new byte[0x210];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                return null;
            if (Encoding.ASCII.GetString(header, 0x202, 4) != "HdrS")
                return null;
            int offset = BitConverter.ToUInt16(header, 0x20E) + 0x200;
            if (offset >= file.Length)
                return null;
            var text = new byte[256];
            file.Position = offset;
            int n = file.ReadAtLeast(text, text.Length, throwOnEndOfStream: false);
            int end = Array.IndexOf(text, (byte)0, 0, n);
            return Encoding.ASCII.GetString(text, 0, end < 0 ? n : end);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The release (the version string's first word, what uname -r says), or null.</summary>
    public static string? ReadRelease(string path) =>
        ReadVersionString(path)?.Split(' ', 2)[0] is { Length: > 0 } release ? release : null;
}
