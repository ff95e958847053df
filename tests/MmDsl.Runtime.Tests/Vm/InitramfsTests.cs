using System.IO.Compression;
using System.Text;
using MmDsl.LiveKernel.Vm;

namespace MmDsl.Runtime.Tests.Vm;

public sealed class InitramfsTests
{
    private sealed record CpioEntry(string Name, uint Mode, uint Links, byte[] Data, long HeaderOffset);

    /// <summary>A reader of "newc" archives, written from the format's description to check the writer.</summary>
    private static List<CpioEntry> Parse(byte[] archive)
    {
        var entries = new List<CpioEntry>();
        long at = 0;
        while (true)
        {
            Assert.True(at % 4 == 0, $"header at {at} is not 4-aligned");
            string header = Encoding.ASCII.GetString(archive, (int)at, 110);
            Assert.Equal("070701", header[..6]);
            uint Field(int i) => Convert.ToUInt32(header.Substring(6 + i * 8, 8), 16);
            uint mode = Field(1), links = Field(4), size = Field(6), nameSize = Field(11);
            string name = Encoding.UTF8.GetString(archive, (int)at + 110, (int)nameSize - 1);
            Assert.Equal(0, archive[at + 110 + nameSize - 1]);
            long data = at + 110 + nameSize;
            data += (4 - data % 4) % 4;
            if (name == "TRAILER!!!")
            {
                Assert.True(archive.Length % 512 == 0, "the archive is padded to 512 bytes");
                Assert.All(archive.AsSpan((int)data).ToArray(), b => Assert.Equal(0, b));
                return entries;
            }
            entries.Add(new CpioEntry(name, mode, links, archive.AsSpan((int)data, (int)size).ToArray(), at));
            at = data + size;
            at += (4 - at % 4) % 4;
        }
    }

    [Fact]
    public void Writes_newc_entries_with_parents_first_modes_and_data()
    {
        var image = new Initramfs()
            .AddDirectory("proc")
            .AddFile("/init", [1, 2, 3], 0x1ED)
            .AddFile("modules/a/b.ko", "hello");
        using var output = new MemoryStream();
        image.Write(output, gzip: false);
        var entries = Parse(output.ToArray());

        Assert.Equal(["proc", "init", "modules", "modules/a", "modules/a/b.ko"], entries.Select(e => e.Name));
        Assert.Equal(0x41EDu, entries[0].Mode);
        Assert.Equal(0x81EDu, entries[1].Mode);
        Assert.Equal(0x81A4u, entries[4].Mode);
        Assert.Equal(2u, entries[2].Links);
        Assert.Equal(1u, entries[1].Links);
        Assert.Equal([1, 2, 3], entries[1].Data);
        Assert.Equal("hello", Encoding.UTF8.GetString(entries[4].Data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4097)]
    public void Pads_names_and_data_of_every_length(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 1)).ToArray();
        var image = new Initramfs().AddFile(new string('n', length % 7 + 1), data).AddFile("after", "x");
        using var output = new MemoryStream();
        image.Write(output, gzip: false);
        var entries = Parse(output.ToArray());
        Assert.Equal(data, entries[0].Data);
        Assert.Equal("x", Encoding.UTF8.GetString(entries[1].Data));
    }

    [Fact]
    public void Gzip_holds_the_same_archive()
    {
        var image = new Initramfs().AddFile("init", "#!", 0x1ED).AddDirectory("dev");
        using var plain = new MemoryStream();
        image.Write(plain, gzip: false);
        using var compressed = new MemoryStream();
        image.Write(compressed, gzip: true);
        var bytes = compressed.ToArray();
        Assert.Equal([0x1F, 0x8B], bytes[..2]);
        using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var back = new MemoryStream();
        unzip.CopyTo(back);
        Assert.Equal(plain.ToArray(), back.ToArray());
    }

    [Fact]
    public void A_file_added_twice_is_an_error()
    {
        var image = new Initramfs().AddFile("init", "a");
        Assert.Throws<ArgumentException>(() => image.AddFile("/init", "b"));
    }
}
