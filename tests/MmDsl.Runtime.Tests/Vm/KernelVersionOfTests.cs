using MmDsl.Engine.Eras;
using MmDsl.LiveKernel.Scripts;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>The exact version the simulated side of a diff follows for a target's kernel.</summary>
public sealed class KernelVersionOfTests
{
    [Theory]
    [InlineData("5.10.0-32-cloud-amd64",
        "Linux version 5.10.0-32-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.223-1 (2024-08-10)\n",
        "5.10.223")]
    [InlineData("6.1.0-44-cloud-amd64",
        "Linux version 6.1.0-44-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2025-10-01)\n",
        "6.1.176")]
    [InlineData("6.18.44-fc-v1272", "Linux version 6.18.44-fc-v1272 (builder@sandboxing) (gcc (GCC) 15.3.0) #1 SMP PREEMPT_DYNAMIC @0\n", "6.18.44")]
    [InlineData("6.12.48+deb13-cloud-amd64", "Linux version 6.12.48+deb13-cloud-amd64 (gcc-14 (Debian 14.2.0-19) 14.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)\n", "6.12.48")]
    public void A_distribution_banner_gives_the_stable_release(string release, string banner, string expected)
    {
        Assert.Equal(expected, HostKernel.VersionOf(release, banner)?.ToString());
    }
}
