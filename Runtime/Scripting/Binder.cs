using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// The meaning pass the parser leaves to run time: which names are processes, among the
/// session's live processes.
/// </summary>
internal sealed class Binder(Session session) : ProcessBinder<Process>
{
    public override Process? Find(string name) => session.FindProcess(name);

    protected override string? CurrentName => session.Current;

    protected override IEnumerable<string> ProcessNames => session.Processes.Select(p => p.Name);
}
