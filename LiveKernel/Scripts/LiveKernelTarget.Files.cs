using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>memfds: created and held by the target's hub, mapped by agents through their /proc link.</summary>
internal sealed partial class LiveKernelTarget
{
    private readonly Dictionary<string, HostMemfd> _memfds = new(StringComparer.Ordinal);

    public SyscallOutcome Memfd(string name, long size)
    {
        if (_memfds.ContainsKey(name))
        {
            return SyscallOutcome.Failed("EEXIST", $"memfd {name} exists");
        }
        if (size < 0)
        {
            return SyscallOutcome.Failed("EINVAL", "negative length");
        }
        var created = _host.CreateMemfd(size);
        if (created is HostResult<HostMemfd>.Ok { Value: var memfd })
        {
            _memfds[name] = memfd;
        }
        return Outcome(created.ErrorOrNull);
    }

    public bool HasMemfd(string name) => _memfds.ContainsKey(name);

    public SyscallOutcome Pwrite(string file, long offset, ulong value) =>
        Outcome(_host.MemfdWrite(_memfds[file], offset, value).ErrorOrNull);

    public FileReadOutcome Pread(string file, long offset) =>
        _host.MemfdRead(_memfds[file], offset) switch
        {
            HostResult<ulong?>.Ok { Value: var word } => new FileReadOutcome(word),
            var failed => new FileReadOutcome(null, failed.ErrorOrNull!.Name),
        };
}
