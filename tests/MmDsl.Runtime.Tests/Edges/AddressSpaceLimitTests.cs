namespace MmDsl.Runtime.Tests.Edges;

/// <summary>
/// Every address and length is checked against TASK_SIZE (128T less one page on x86-64 with
/// 4-level tables) before it is added to anything, and the kernel's errno comes back.
/// </summary>
public class AddressSpaceLimitTests
{
    [Theory]
    [InlineData("pin A 0 8T")]
    [InlineData("get A 0 8T")]
    [InlineData("vmsplice A 0 8T")]
    [InlineData("pin A 0 0x7fff_ffff_f000")]
    [InlineData("pin A 0 16T")]
    [InlineData("get A 0 9223372036854775807")]
    public void GupOverMoreThanIsMappedIsEfault(string command)
    {
        var (exit, output) = EdgeScript.Run($"proc A\nmmap 4K\n{command}\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("EFAULT", output);
        Assert.DoesNotContain("->", output);
    }

    [Theory]
    [InlineData("mremap A 0 4K 8K to 0x7fff_ffff_ffff_f000")]
    [InlineData("mremap A 0 4K 8K to 0x7fff_ffff_f000")]
    [InlineData("mremap A 0 4K 0x7fff_ffff_ffff_0000")]
    [InlineData("mremap A 0 4K 9223372036854775807")]
    [InlineData("mremap A 0 4K 0x8000_0000_0000")]
    public void MremapPastTheLimitIsEinvalAndChangesNothing(string command)
    {
        var (exit, output) = EdgeScript.Run($"proc A\nmmap 4K\nwrite A 0 = 1\n{command}\ncheck\nexpect value(A, 0) == 1\n");
        Assert.Equal(0, exit);
        Assert.Contains("EINVAL", output);
        Assert.Contains("check: ok", output);
    }

    [Fact]
    public void MremapOfATransparentHugePageToTheTopIsRefused()
    {
        var (exit, output) = EdgeScript.Run("proc A\nmmap buf 2M thp\nwrite buf 2M\nmremap A buf 2M 4M to 0x7fff_ffff_ffe0_0000\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("EINVAL", output);
        Assert.Contains("check: ok", output);
    }

    [Theory]
    [InlineData("mmap 9223372036854775807", "ENOMEM")]
    [InlineData("mmap 0x8000_0000_0000", "ENOMEM")]
    [InlineData("mmap -4K", "ENOMEM")]
    [InlineData("mmap 2M at 0x7fff_ffff_ffe0_0000", "ENOMEM")]
    [InlineData("mmap 4K at 0x7fff_ffff_f000", "ENOMEM")]
    [InlineData("mmap 8K at 0x7fff_ffff_e000", "ENOMEM")]
    public void MmapPastTheLimitIsRefused(string command, string errno)
    {
        var (exit, output) = EdgeScript.Run($"proc A\n{command}\nmmap 4K\nshow maps\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains(errno, output);
        Assert.Contains("0x0-0x1000", output);
        Assert.DoesNotContain("0x8000000000000000", output);
    }

    [Fact]
    public void TheLastPageBelowTheLimitIsMappableAndTheOneAboveIsNot()
    {
        var (exit, output) = EdgeScript.Run("proc A\nmmap 4K at 0x7fff_ffff_e000\nwrite A 0x7fff_ffff_e000 = 5\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains("mmap 0x7fffffffe000-0x7ffffffff000", output);
        Assert.Contains("check: ok", output);
    }

    [Theory]
    [InlineData("munmap A 0 9223372036854775807", "EINVAL")]
    [InlineData("munmap A 0 0x8000_0000_0000", "EINVAL")]
    [InlineData("munmap A 0x8000_0000_0000 4K", "EINVAL")]
    [InlineData("mprotect A 0 9223372036854775807 ro", "ENOMEM")]
    [InlineData("mprotect A 0 0x8000_0000_0000 ro", "ENOMEM")]
    [InlineData("madvise A 0 9223372036854775807 dontneed", "ENOMEM")]
    public void HugeLengthsAreRefusedNotSilentlyIgnored(string command, string errno)
    {
        var (exit, output) = EdgeScript.Run($"proc A\nmmap 4K\nwrite A 0 = 1\n{command}\ncheck\n");
        Assert.Equal(0, exit);
        Assert.Contains(errno, output);
        Assert.Contains("check: ok", output);
    }
}
