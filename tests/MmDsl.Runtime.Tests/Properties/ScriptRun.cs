using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Properties;

/// <summary>
/// Runs a random script on the engine and on the reference model side by side: after every step
/// the invariant checker must pass and every written word must read back as the model says.
/// </summary>
internal sealed partial class ScriptRun
{
    private const long Page = PageTable.PageSize;
    private readonly Machine _m;
    private readonly Model _model = new();
    private readonly List<int> _handles = [];
    private readonly bool _checkContents;
    private int _nextProcess;
    private int _nextShmem;

    public ScriptRun(KernelVersion version, bool checkContents = true)
    {
        _m = new Machine(version, new MachineSettings { MemoryBytes = 2L << 30, SwapBytes = 256L << 20 });
        _checkContents = checkContents;
        var p = _m.CreateProcess(NewName()).Value;
        _model.AddProcess(p.Name);
    }

    /// <summary>Run every step; throws with the step and the problem on the first disagreement.</summary>
    public void Run(IReadOnlyList<Op> ops)
    {
        for (var i = 0; i < ops.Count; i++)
        {
            try
            {
                Step(ops[i]);
                SyncFileCopies();
                var problems = InvariantChecker.Check(_m);
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException("invariant violated:\n  " + string.Join("\n  ", problems));
                }
                if (_checkContents)
                {
                    CheckContents(peekOnly: true);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"step {i} ({ops[i]}) in era {_m.Era.Name}: {e.Message}", e);
            }
        }
        if (_checkContents)
        {
            CheckContents(peekOnly: false);
            if (InvariantChecker.Check(_m) is { Count: > 0 } problems)
            {
                throw new InvalidOperationException("invariant violated after the final reads:\n  " + string.Join("\n  ", problems));
            }
        }
    }

    private string NewName() => "P" + _nextProcess++;

    private Process? Proc(int choice) =>
        _m.Processes.Count == 0 ? null : _m.Processes[choice % _m.Processes.Count];

    /// <summary>A mapped page of the process, chosen by <paramref name="choice"/>.</summary>
    private long? PageAt(Process p, int choice)
    {
        var pages = _model.Processes[p.Name];
        if (pages.Count == 0)
        {
            return null;
        }
        return pages.Keys.ElementAt(choice % pages.Count);
    }

    /// <summary>Every written word of every process reads as the model says (without faulting, or with real reads).</summary>
    private void CheckContents(bool peekOnly)
    {
        foreach (var p in _m.Processes)
        {
            foreach (var (address, page) in _model.Processes[p.Name])
            {
                Model.Resolve(page, _m.Lookup(p, address).Entry.IsNone);
                IEnumerable<int> words = page.ReadsFile ? (IEnumerable<int>?)_model.SharedWords.GetValueOrDefault(page.Key)?.Keys ?? [] : page.Words.Keys;
                foreach (var word in words.Append(3).Distinct())
                {
                    var expected = _model.Expected(page, word);
                    ulong actual;
                    if (peekOnly)
                    {
                        actual = _m.Peek(p, address + word * 8L);
                    }
                    else
                    {
                        if (!page.Read)
                        {
                            continue;
                        }
                        var result = _m.Read(p, address + word * 8L);
                        if (result.Status == AccessStatus.Oom)
                        {
                            continue;
                        }
                        if (result.Status != AccessStatus.Ok)
                        {
                            throw new InvalidOperationException($"{p.Name}:{address:x} word {word}: read {result.Status}");
                        }
                        actual = result.Value;
                    }
                    if (!expected.Contains(actual))
                    {
                        throw new InvalidOperationException($"{p.Name}:{address:x} word {word}: reads {actual}, model says {string.Join(" or ", expected)}");
                    }
                }
            }
        }
    }
}
