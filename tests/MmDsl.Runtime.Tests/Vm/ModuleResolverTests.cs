using System.IO.Compression;
using MmDsl.LiveKernel.Vm;

namespace MmDsl.Runtime.Tests.Vm;

public sealed class ModuleResolverTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("mmdsl-modules-").FullName;
    private readonly string release;

    public ModuleResolverTests()
    {
        release = Path.Combine(tree, "lib", "modules", "6.12.0-test");
        Directory.CreateDirectory(release);
    }

    public void Dispose() => Directory.Delete(tree, recursive: true);

    private ModuleResolver Write(string dep, string builtin = "")
    {
        File.WriteAllText(Path.Combine(release, "modules.dep"), dep);
        File.WriteAllText(Path.Combine(release, "modules.builtin"), builtin);
        return new ModuleResolver(release);
    }

    [Fact]
    public void Depmod_lists_load_deepest_first()
    {
        // As depmod writes it: every dependency, transitive ones too, the deepest last.
        var resolver = Write("""
            kernel/drivers/block/zram/zram.ko.xz: kernel/mm/zsmalloc.ko.xz kernel/lib/lz4/lz4hc_compress.ko.xz kernel/lib/lz4/lz4_compress.ko.xz
            kernel/mm/zsmalloc.ko.xz:
            kernel/lib/lz4/lz4hc_compress.ko.xz:
            kernel/lib/lz4/lz4_compress.ko.xz:
            kernel/crypto/lzo-rle.ko.xz:
            kernel/fs/other.ko.xz: kernel/mm/zsmalloc.ko.xz
            """);
        Assert.Equal(
            ["kernel/lib/lz4/lz4_compress.ko.xz", "kernel/lib/lz4/lz4hc_compress.ko.xz", "kernel/mm/zsmalloc.ko.xz", "kernel/drivers/block/zram/zram.ko.xz"],
            resolver.Resolve(["zram"]));
        Assert.Equal(
            ["kernel/mm/zsmalloc.ko.xz", "kernel/fs/other.ko.xz", "kernel/crypto/lzo-rle.ko.xz"],
            resolver.Resolve(["other", "zsmalloc", "lzo_rle"]));
    }

    [Fact]
    public void Direct_dependencies_only_are_followed_transitively()
    {
        var resolver = Write("""
            kernel/c.ko: kernel/b.ko
            kernel/b.ko: kernel/a.ko
            kernel/a.ko:
            """);
        Assert.Equal(["kernel/a.ko", "kernel/b.ko", "kernel/c.ko"], resolver.Resolve(["c"]));
    }

    [Fact]
    public void Builtins_need_nothing_and_a_missing_module_is_an_error_unless_optional()
    {
        var resolver = Write(
            "kernel/drivers/block/zram/zram.ko: kernel/mm/zsmalloc.ko\nkernel/mm/zsmalloc.ko:\n",
            "kernel/crypto/lzo-rle.ko\nkernel/crypto/lzo.ko\n");
        Assert.True(resolver.IsBuiltin("lzo-rle"));
        Assert.Equal(["kernel/mm/zsmalloc.ko", "kernel/drivers/block/zram/zram.ko"], resolver.ResolveZram());
        Assert.Empty(resolver.Resolve(["lzo"]));
        Assert.Empty(resolver.Resolve(["nosuch"], optional: true));
        var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve(["nosuch"]));
        Assert.Contains("nosuch", error.Message);
    }

    [Fact]
    public void Zram_takes_the_compressor_modules_that_exist()
    {
        var resolver = Write("kernel/drivers/block/zram/zram.ko:\nkernel/crypto/lzo-rle.ko:\n", "kernel/crypto/lzo.ko\n");
        Assert.Equal(["kernel/drivers/block/zram/zram.ko", "kernel/crypto/lzo-rle.ko"], resolver.ResolveZram());
    }

    [Fact]
    public void Finds_the_release_directory_from_the_root_of_a_tree()
    {
        Write("");
        Assert.Equal(release, ModuleResolver.FindReleaseDirectory(tree, "6.12.0-test"));
        Assert.Equal(release, ModuleResolver.FindReleaseDirectory(tree, null));
        Assert.Equal(release, ModuleResolver.FindReleaseDirectory(Path.Combine(tree, "lib", "modules"), null));
        Assert.Equal(release, ModuleResolver.FindReleaseDirectory(release, "other"));
        Assert.Null(ModuleResolver.FindReleaseDirectory(tree, "5.10.0-other"));
    }

    [Fact]
    public void Reads_modules_decompressed()
    {
        var resolver = Write("kernel/a.ko.gz:\nkernel/b.ko:\n");
        Directory.CreateDirectory(Path.Combine(release, "kernel"));
        byte[] content = [0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3];
        File.WriteAllBytes(Path.Combine(release, "kernel", "b.ko"), content);
        using (var gz = new GZipStream(File.Create(Path.Combine(release, "kernel", "a.ko.gz")), CompressionLevel.Fastest))
            gz.Write(content);
        Assert.Equal(content, resolver.ReadModule("kernel/a.ko.gz"));
        Assert.Equal(content, resolver.ReadModule("kernel/b.ko"));
        Assert.Equal("a.ko", ModuleResolver.LoadedFileName("kernel/a.ko.gz"));
        Assert.Equal("zram.ko", ModuleResolver.LoadedFileName("kernel/drivers/block/zram/zram.ko.zst"));
    }

    [Fact]
    public void Reads_xz_modules_with_the_xz_tool()
    {
        if (VmGuest.FindOnPath("xz") is null)
            return;
        var resolver = Write("kernel/a.ko.xz:\n");
        Directory.CreateDirectory(Path.Combine(release, "kernel"));
        string plain = Path.Combine(release, "kernel", "a.ko");
        File.WriteAllBytes(plain, [1, 2, 3, 4]);
        using (var xz = System.Diagnostics.Process.Start("xz", ["-z", plain]))
            xz.WaitForExit();
        Assert.Equal([1, 2, 3, 4], resolver.ReadModule("kernel/a.ko.xz"));
    }
}
