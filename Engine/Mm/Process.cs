namespace MmDsl.Engine.Mm;

/// <summary>A task with its address space.</summary>
internal sealed class Process
{
    public Process(string name, int pid, int parentPid, MmStruct mm)
    {
        Name = name;
        Pid = pid;
        ParentPid = parentPid;
        Mm = mm;
    }

    public string Name { get; }

    public int Pid { get; }

    /// <summary>0 for a process created with <c>proc</c>.</summary>
    public int ParentPid { get; }

    public MmStruct Mm { get; }

    public Process Clone() => new(Name, Pid, ParentPid, Mm.Clone());

    public override string ToString() => Name;
}
