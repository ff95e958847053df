using System.IO.Compression;
using System.Text;

namespace MmDsl.LiveKernel.Vm;

/// <summary>
/// An initramfs image: a "newc" cpio archive (the format the kernel unpacks into its root
/// filesystem), optionally gzip-compressed. Entries keep the order they were added in; the parent
/// directories of a file are added before it when they are missing.
/// </summary>
internal sealed class Initramfs
{
    public const uint DirectoryMode = 0x4000; // S_IFDIR
    public const uint RegularMode = 0x8000;     // S_IFREG

    private readonly List<Entry> entries = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    internal sealed record Entry(string Name, uint Mode, byte[] Data);

    public IReadOnlyList<Entry> Entries => entries;

    /// <summary>Adds a directory (and its parents), permissions 0755.</summary>
    public Initramfs AddDirectory(string path)
    {
        string name = Normalize(path);
        if (name.Length == 0 || names.Contains(name))
            return this;
        AddParents(name);
        entries.Add(new Entry(name, DirectoryMode | 0x1ED, []));
        names.Add(name);
        return this;
    }

    /// <summary>Adds a regular file with the given permission bits (0755 for a program, 0644 for data).</summary>
    public Initramfs AddFile(string path, byte[] data, uint permissions = 0x1A4)
    {
        string name = Normalize(path);
        if (name.Length == 0)
            throw new ArgumentException("an initramfs file needs a name", nameof(path));
        if (!names.Add(name))
            throw new ArgumentException($"{name} is already in the initramfs", nameof(path));
        AddParents(name);
        entries.Add(new Entry(name, RegularMode | (permissions & 0xFFF), data));
        return this;
    }

    public Initramfs AddFile(string path, string text, uint permissions = 0x1A4) =>
        AddFile(path, Encoding.UTF8.GetBytes(text), permissions);

    /// <summary>Writes the archive, gzip-compressed when <paramref name="gzip"/>.</summary>
    public void Write(Stream output, bool gzip = true)
    {
        if (gzip)
        {
            using var compressed = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            WriteCpio(compressed);
        }
        else
        {
            WriteCpio(output);
        }
    }

    public void WriteTo(string path, bool gzip = true)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(file, gzip);
    }

    private void AddParents(string name)
    {
        int slash = name.LastIndexOf('/');
        if (slash > 0)
            AddDirectory(name[..slash]);
    }

    private static string Normalize(string path) => path.Replace('\\', '/').Trim('/');

    private void WriteCpio(Stream output)
    {
        long offset = 0;
        uint inode = 1;
        foreach (var entry in entries)
            offset = WriteEntry(output, offset, inode++, entry.Name, entry.Mode, entry.Data, entry.Mode >> 12 == 4 ? 2u : 1u);
        offset = WriteEntry(output, offset, 0, "TRAILER!!!", 0, [], 1);
        // The kernel reads the archive in 512-byte blocks: pad as cpio does.
        int pad = (int)((512 - offset % 512) % 512);
        output.Write(new byte[pad]);
    }

    /// <summary>One "070701" header, the name (NUL-terminated, padded to 4), the data (padded to 4).</summary>
    private static long WriteEntry(Stream output, long offset, uint inode, string name, uint mode, byte[] data, uint links)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder("070701", 110);
        foreach (uint field in new uint[]
                 {
                     inode, mode, 0 /* uid */, 0 /* gid */, links, 0 /* mtime */, (uint)data.Length,
                     0, 0 /* dev major, minor */, 0, 0 /* rdev major, minor */, (uint)nameBytes.Length, 0 /* check */,
                 })
            header.Append(field.ToString("X8"));
        byte[] headerBytes = Encoding.ASCII.GetBytes(header.ToString());
        output.Write(headerBytes);
        output.Write(nameBytes);
        offset += headerBytes.Length + nameBytes.Length;
        offset = Pad(output, offset);
        output.Write(data);
        offset += data.Length;
        return Pad(output, offset);
    }

    private static long Pad(Stream output, long offset)
    {
        int pad = (int)((4 - offset % 4) % 4);
        if (pad > 0)
            output.Write(new byte[pad]);
        return offset + pad;
    }
}
