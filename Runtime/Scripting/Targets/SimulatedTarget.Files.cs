using MmDsl.Engine;

namespace MmDsl.Runtime.Scripting.Targets;

/// <summary>memfds: their creation and read(2)/write(2) through their page cache.</summary>
internal sealed partial class SimulatedTarget
{
    public SyscallOutcome Memfd(string name, long size)
    {
        var result = M.CreateMemfd(name, size);
        return result.Ok ? SyscallOutcome.Ok : Refused(result.Error, result.Detail);
    }

    public bool HasMemfd(string name) => M.FindMemfd(name) is not null;

    public SyscallOutcome Pwrite(string file, long offset, ulong value) => Done(M.MemfdWrite(M.FindMemfd(file)!, offset, value));

    public FileReadOutcome Pread(string file, long offset)
    {
        var result = M.MemfdRead(M.FindMemfd(file)!, offset);
        return result.Ok ? new FileReadOutcome(result.Value) : new FileReadOutcome(null, result.Error.ToString());
    }
}
