using MmDsl.Engine;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Properties;

internal sealed partial class ScriptRun
{
    private static readonly MadviseAdvice[] Advices =
    [
        MadviseAdvice.DontNeed, MadviseAdvice.Free, MadviseAdvice.WillNeed, MadviseAdvice.HugePage, MadviseAdvice.NoHugePage,
        MadviseAdvice.Cold, MadviseAdvice.DontFork, MadviseAdvice.DoFork, MadviseAdvice.WipeOnFork, MadviseAdvice.KeepOnFork,
        MadviseAdvice.Mergeable, MadviseAdvice.Unmergeable,
    ];

    /// <summary>More processes than this make each check slow without finding more.</summary>
    private const int MaxProcesses = 5;

    private void Step(Op op)
    {
        var process = op switch
        {
            MunmapOp o => Proc(o.Proc), MprotectOp o => Proc(o.Proc), MremapOp o => Proc(o.Proc),
            MadviseOp o => Proc(o.Proc), ForkOp o => Proc(o.Proc), ExitOp o => Proc(o.Proc), ReadOp o => Proc(o.Proc),
            WriteOp o => Proc(o.Proc), GupOp o => Proc(o.Proc), SwapoutOp o => Proc(o.Proc), SplitOp o => Proc(o.Proc),
            CollapseOp o => Proc(o.Proc), MigrateOp o => Proc(o.Proc), MlockOp o => Proc(o.Proc), _ => _m.Processes.FirstOrDefault(),
        };
        switch (op)
        {
            case MmapOp o when process is not null: Mmap(process, o); break;
            case MemfdMmapOp o when process is not null: MemfdMmap(process, o); break;
            case PwriteOp o when _memfds.Count > 0: Pwrite(o); break;
            case ForkOp when process is not null && _m.Processes.Count < MaxProcesses:
                var child = _m.Fork(process, NewName()).Value;
                _model.Fork(process.Name, child.Name);
                break;
            case ExitOp when process is not null && _m.Processes.Count > 1:
                _m.Exit(process);
                _model.RemoveProcess(process.Name);
                break;
            case ReclaimOp: _m.Reclaim(); break;
            case DrainOp: _m.LruAddDrainAll("drain"); break;
            case SwapDeviceOp o: _m.SetSwapDevice(o.Kind == 1, o.Kind == 2); break;
            case KsmOp: _m.KsmRun(2); break;
            case ShrinkOp: _m.Shrink(); break;
            case KhugepagedOp: _m.Khugepaged(); break;
            case MthpOp o when _m.Era.HasMthp:
                _m.Settings.ThpPerOrder[o.Order] = (ThpMode)o.Mode;
                break;
            case ReleaseOp o when _handles.Count > 0:
                var id = _handles[o.Handle % _handles.Count];
                _handles.Remove(id);
                Assert.Equal(Errno.Ok, _m.Release(id));
                break;
            default:
                if (process is not null)
                {
                    Ranged(process, op);
                }
                break;
        }
    }

    /// <summary>The steps that act on a range of a process's mapped pages.</summary>
    private void Ranged(Process p, Op op)
    {
        var at = op switch
        {
            MunmapOp o => o.At, MprotectOp o => o.At, MremapOp o => o.At, MadviseOp o => o.At, ReadOp o => o.At,
            WriteOp o => o.At, GupOp o => o.At, SwapoutOp o => o.At, SplitOp o => o.At, CollapseOp o => o.At,
            MigrateOp o => o.At, MlockOp o => o.At, _ => 0,
        };
        if (PageAt(p, at) is not { } address)
        {
            return;
        }
        switch (op)
        {
            case MunmapOp o: Munmap(p, address, o.Pages); break;
            case MprotectOp o: Mprotect(p, address, o.Pages, o.Prot); break;
            case MremapOp o: Mremap(p, address, o); break;
            case MadviseOp o: Madvise(p, address, o.Pages, Advices[o.Advice % Advices.Length]); break;
            case ReadOp o: Read(p, address + o.Word * 8L * 255); break;
            case WriteOp o:
                for (var i = 0; i < o.Pages; i++)
                {
                    Write(p, address + i * Page + o.Word * 8L * 255, (ulong)o.Value + (ulong)i);
                }
                break;
            case GupOp o:
                var kind = o.Kind switch { 0 or 1 => HandleKind.Pin, 2 => HandleKind.Get, _ => HandleKind.Pipe };
                var handle = _m.GetUserPages(p, address, o.Pages * Page, kind, write: o.Kind == 1, longTerm: o.Kind <= 1);
                if (handle.Ok)
                {
                    _handles.Add(handle.Value.Id);
                }
                break;
            case SwapoutOp o: _m.Madvise(p, address, o.Pages * Page, MadviseAdvice.PageOut); break;
            case SplitOp o when o.Folio:
                var info = _m.Lookup(p, address);
                if (info.Present && !info.Zero)
                {
                    _m.SplitFolio(_m.Memory.Head(info.Pfn), "test");
                }
                break;
            case SplitOp:
                if (p.Mm.FindVma(address) is { } vma)
                {
                    _m.SplitHugePmd(p, vma, address, "test");
                }
                break;
            case CollapseOp when _m.Era.HasMadvCollapse: _m.Collapse(p, address, khugepaged: false); break;
            case MigrateOp o: _m.Migrate(p, address, o.Pages * Page); break;
            case MlockOp o: Mlock(p, address, o); break;
        }
    }

    private void Mmap(Process p, MmapOp o)
    {
        var result = _m.Mmap(p, null, o.Pages * Page, new MmapOptions
        {
            HugePage = o.Thp, NoHugePage = o.NoThp, Shared = o.Shared, DontFork = o.DontFork,
            WipeOnFork = o.WipeOnFork && !o.Shared, Write = !o.ReadOnly,
        });
        Assert.True(result.Ok, result.Detail);
        var shmem = o.Shared ? ++_nextShmem : 0;
        for (var i = 0; i < o.Pages; i++)
        {
            _model.Processes[p.Name][result.Value + i * Page] = new Model.Page
            {
                Shared = o.Shared, Key = (shmem, i), Write = !o.ReadOnly, DontFork = o.DontFork, WipeOnFork = o.WipeOnFork && !o.Shared,
            };
        }
    }

    private void Munmap(Process p, long address, int pages)
    {
        Assert.Equal(Errno.Ok, _m.Munmap(p, address, pages * Page));
        foreach (var a in ModelPages(p, address, pages))
        {
            _model.Processes[p.Name].Remove(a);
        }
    }

    private void Mprotect(Process p, long address, int pages, int prot)
    {
        var error = _m.Mprotect(p, address, pages * Page, prot != 2, prot == 1);
        if (error is not (Errno.Ok or Errno.ENOMEM))
        {
            return;
        }
        // do_mprotect_pkey changes the mapped pages from the start up to the first hole.
        var model = _model.Processes[p.Name];
        var reach = address;
        while (reach < address + pages * Page && model.ContainsKey(reach))
        {
            reach += Page;
        }
        foreach (var a in ModelPages(p, address, (int)((reach - address) / Page)))
        {
            var page = _model.Processes[p.Name][a];
            page.Read = prot != 2;
            page.Write = prot == 1;
        }
    }

    private IEnumerable<long> ModelPages(Process p, long address, int pages) =>
        _model.Processes[p.Name].Keys.Where(a => a >= address && a < address + pages * Page).ToList();
}
