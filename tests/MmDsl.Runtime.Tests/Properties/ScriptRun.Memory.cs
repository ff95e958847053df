using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Properties;

internal sealed partial class ScriptRun
{
    private void Read(Process p, long address)
    {
        var pages = _model.Processes[p.Name];
        var pageAddress = address & ~(Page - 1);
        var word = (int)((address & (Page - 1)) >> 3);
        var result = _m.Read(p, address);
        if (!pages.TryGetValue(pageAddress, out var page) || !page.Read)
        {
            Assert.Equal(AccessStatus.Segv, result.Status);
            return;
        }
        if (result.Status == AccessStatus.Oom)
        {
            return;
        }
        Assert.Equal(AccessStatus.Ok, result.Status);
        Model.Resolve(page, discarded: false);
        var expected = _model.Expected(page, word);
        Assert.True(expected.Contains(result.Value), $"{p.Name}:{address:x} reads {result.Value}, model says {string.Join(" or ", expected)}");
    }

    private void Write(Process p, long address, ulong value)
    {
        var pages = _model.Processes[p.Name];
        var pageAddress = address & ~(Page - 1);
        var word = (int)((address & (Page - 1)) >> 3);
        pages.TryGetValue(pageAddress, out var page);
        if (page is not null)
        {
            Model.Resolve(page, _m.Lookup(p, pageAddress).Entry.IsNone);
        }
        var result = _m.Write(p, address, value);
        if (page is null || !page.Write)
        {
            Assert.Equal(AccessStatus.Segv, result.Status);
            return;
        }
        if (result.Status == AccessStatus.Oom)
        {
            return;
        }
        Assert.Equal(AccessStatus.Ok, result.Status);
        page.MaybeZero = false;
        _model.Store(page, word, value);
    }

    private void Madvise(Process p, long address, int count, MadviseAdvice advice)
    {
        var targets = ModelPages(p, address, count);
        var model = _model.Processes[p.Name];
        if (advice is MadviseAdvice.Free or MadviseAdvice.WipeOnFork && targets.Any(a => model[a].Shared || model[a].File))
        {
            return;
        }
        var error = _m.Madvise(p, address, count * Page, advice);
        if (advice is MadviseAdvice.DontNeed or MadviseAdvice.Free or MadviseAdvice.Cold && targets.Any(a => model[a].Locked))
        {
            // can_madv_lru_vma: not on a VM_LOCKED mapping.
            Assert.Equal(Errno.EINVAL, error);
            return;
        }
        if (error is not (Errno.Ok or Errno.ENOMEM))
        {
            throw new InvalidOperationException($"madvise {advice} {address:x}: {error}");
        }
        foreach (var a in targets)
        {
            var page = model[a];
            switch (advice)
            {
                case MadviseAdvice.DontNeed when !page.Shared:
                    // A private file page reads the file again; an anonymous one reads zeros.
                    page.Words.Clear();
                    page.MaybeZero = false;
                    page.Copied = false;
                    break;
                case MadviseAdvice.Free:
                    Model.Resolve(page, _m.Lookup(p, a).Entry.IsNone);
                    page.MaybeZero = page.Words.Count > 0;
                    break;
                case MadviseAdvice.DontFork:
                    page.DontFork = true;
                    break;
                case MadviseAdvice.DoFork:
                    page.DontFork = false;
                    break;
                case MadviseAdvice.WipeOnFork:
                    page.WipeOnFork = true;
                    break;
                case MadviseAdvice.KeepOnFork:
                    page.WipeOnFork = false;
                    break;
            }
        }
    }

    private void Mremap(Process p, long address, MremapOp o)
    {
        var model = _model.Processes[p.Name];
        if (model[address].Shared || model[address].File || ModelPages(p, address, o.Pages).Any(a => model[a].Locked))
        {
            return;
        }
        long? to = null;
        if (o.Move)
        {
            // Past every mapping and past the old range (which may run beyond the last mapping): a
            // target that overlapped the old range would be EINVAL, as check_mremap_params says.
            var top = Math.Max(p.Mm.Vmas.Count == 0 ? 0 : p.Mm.Vmas[^1].End, address + o.Pages * Page);
            to = (top + (4L << 20)) & ~((2L << 20) - 1);
        }
        var result = _m.Mremap(p, address, o.Pages * Page, o.NewPages * Page, to);
        if (!result.Ok)
        {
            Assert.True(result.Error is Errno.EFAULT or Errno.ENOMEM, $"mremap: {result.Error} {result.Detail}");
            return;
        }
        var moved = new List<(long Offset, Model.Page Page)>();
        foreach (var a in ModelPages(p, address, o.Pages))
        {
            moved.Add((a - address, model[a]));
            model.Remove(a);
        }
        var template = moved.Count > 0 ? moved[^1].Page : new Model.Page();
        foreach (var (offset, page) in moved.Where(m => m.Offset < o.NewPages * Page))
        {
            model[result.Value + offset] = page;
        }
        for (var i = o.Pages; i < o.NewPages; i++)
        {
            model[result.Value + i * Page] = new Model.Page
            {
                Read = template.Read, Write = template.Write, DontFork = template.DontFork, WipeOnFork = template.WipeOnFork,
            };
        }
    }
}
