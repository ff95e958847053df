using MmDsl.Engine;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Properties;

/// <summary>memfd mappings, pwrite and mlock in random scripts.</summary>
internal sealed partial class ScriptRun
{
    private readonly List<ShmemObject> _memfds = [];

    /// <summary>The model's object number of a memfd: negative, apart from the shared anonymous ones.</summary>
    private static int FileKey(int memfd) => -(memfd + 1);

    private void MemfdMmap(Process p, MemfdMmapOp o)
    {
        var pick = o.File % (_memfds.Count + 1);
        if (pick == _memfds.Count)
        {
            _memfds.Add(_m.CreateMemfd($"f{_memfds.Count}", o.Pages * Page).Value);
        }
        var file = _memfds[pick];
        var pages = (int)Math.Min(o.Pages, file.Size / Page);
        var result = _m.Mmap(p, null, pages * Page, new MmapOptions { File = file.Id, Shared = o.Shared, Write = !o.ReadOnly });
        Assert.True(result.Ok, result.Detail);
        for (var i = 0; i < pages; i++)
        {
            _model.Processes[p.Name][result.Value + i * Page] = new Model.Page
            {
                Shared = o.Shared, File = !o.Shared, Key = (FileKey(pick), i), Write = !o.ReadOnly,
            };
        }
    }

    private void Pwrite(PwriteOp o)
    {
        var pick = o.File % _memfds.Count;
        var file = _memfds[pick];
        var index = o.Index % (file.Size / Page);
        var word = o.Word * 255;
        Assert.Equal(Errno.Ok, _m.MemfdWrite(file, index * Page + word * 8L, (ulong)o.Value));
        var key = (FileKey(pick), index);
        if (!_model.SharedWords.TryGetValue(key, out var words))
        {
            _model.SharedWords[key] = words = [];
        }
        words[word] = (ulong)o.Value;
    }

    private void Mlock(Process p, long address, MlockOp o)
    {
        var error = o.Unlock ? _m.Munlock(p, address, o.Pages * Page) : _m.Mlock(p, address, o.Pages * Page);
        var model = _model.Processes[p.Name];
        var targets = ModelPages(p, address, o.Pages);
        var whole = targets.Count() == o.Pages;
        Assert.Equal(whole ? Errno.Ok : Errno.ENOMEM, error);
        if (!whole)
        {
            return;
        }
        foreach (var a in targets)
        {
            model[a].Locked = !o.Unlock;
        }
    }

    /// <summary>
    /// A private file page the engine has replaced by an anonymous copy (COW broken by GUP, by
    /// populating for mlock, by an unshare) holds the file's words as they were when it was copied:
    /// nothing but this step changed them since the last one.
    /// </summary>
    private void SyncFileCopies()
    {
        foreach (var p in _m.Processes)
        {
            foreach (var (address, page) in _model.Processes[p.Name])
            {
                if (!page.File || page.Copied)
                {
                    continue;
                }
                var info = _m.Lookup(p, address);
                if (info.Swapped || (info.Present && !info.Zero && (_m.Memory.Flags(_m.Memory.Head(info.Pfn)) & PageFlags.Anon) != 0))
                {
                    _model.Copy(page);
                }
            }
        }
    }
}
