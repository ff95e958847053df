using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class PinTests
{
    private const HostRequirement Needs = HostRequirement.IoUringPin | HostRequirement.PageFrames;

    [HostFact(Needs)]
    public void A_device_reads_and_writes_the_pinned_pages()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, 4 * K4, HostProtection.ReadWrite));
        Ok(agent.Write(0x1010, 0x5a));

        var pin = Ok(agent.Pin(0x1000, 2 * K4));

        Assert.Equal(0x5aUL, Ok(pin.Read(0x10)));
        Ok(agent.Write(0x1010, 0x5b));
        Assert.Equal(0x5bUL, Ok(pin.Read(0x10)));
        Ok(pin.Write(0x1008, 0x77));
        Assert.Equal(0x77UL, Ok(agent.Read(0x2008)));
        Assert.Equal("EINVAL", pin.Read(2 * K4).ErrorOrNull?.Name);
        Ok(pin.Unpin());
        Assert.Equal("ENOENT", pin.Unpin().ErrorOrNull?.Name);
    }

    [HostFact(Needs)]
    public void Fork_copies_a_pinned_page_for_the_child_at_once()
    {
        using var parent = HostAgent.Start();
        Ok(parent.Mmap(0, 2 * K4, HostProtection.ReadWrite));
        Ok(parent.Write(0, 1));
        Ok(parent.Write(K4, 2));
        ulong pinned = Pfn(parent, 0);
        var pin = Ok(parent.Pin(0, K4));

        using var child = parent.Fork().Unwrap();

        Assert.Equal(pinned, Pfn(parent, 0));
        Assert.NotEqual(pinned, Pfn(child, 0));
        Assert.Equal(1UL, Ok(child.Read(0)));
        Assert.Equal(Pfn(parent, K4), Pfn(child, K4));
        var faults = parent.Faults();
        Ok(parent.Write(0, 3));
        Assert.Equal(0L, (parent.Faults() - faults).Minor);
        Assert.Equal(3UL, Ok(pin.Read(0)));
    }

    [HostFact(Needs)]
    public void Unpin_and_killing_the_agent_both_release_the_pinned_page()
    {
        foreach (bool kill in new[] { false, true })
        {
            var agent = HostAgent.Start();
            Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
            Ok(agent.Write(0, 1));
            ulong pfn = Pfn(agent, 0);
            var pin = Ok(agent.Pin(0, K4));
            Ok(agent.Munmap(0, K4));
            Assert.True(HeldWithoutMapping(pfn), "the pin should keep the unmapped page allocated");
            DrainLruBatches();

            if (kill)
                agent.Dispose();
            else
                Ok(pin.Unpin());

            Assert.True(Eventually(() => !HeldWithoutMapping(pfn)),
                $"page 0x{pfn:x} is still held after {(kill ? "kill" : "unpin")}: kpageflags {KPageFlags.Read(pfn)}, kpagecount {KPageCount.Read(pfn)}");
            agent.Dispose();
        }
    }

    /// <summary>
    /// An order-0 anonymous page that no page table maps but something (a pin) still holds. Once
    /// freed, the frame may come back as part of another process's large folio whose unmapped pages
    /// look the same, so a compound page is not the pinned one.
    /// </summary>
    private static bool HeldWithoutMapping(ulong pfn) =>
        (KPageFlags.Read(pfn) & (KPageFlag.Anon | KPageFlag.CompoundHead | KPageFlag.CompoundTail)) == KPageFlag.Anon
        && KPageCount.Read(pfn) == 0;
}
