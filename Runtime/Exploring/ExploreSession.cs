using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Gup;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Language.Parsing;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Exploring;

/// <summary>One transition: the operation, the state it led to, what it broke, what it cost.</summary>
internal readonly record struct Transition(ExploreOp Op, UInt128 State, Violation? Violation, ExploreCost Cost);

/// <summary>
/// One worker's interpreter over its own simulated machine: it replays a sequence of operations
/// from the setup's state, then tries each operation the state allows, each from the same state,
/// through the one interpreter (the text of the operation, parsed, as a script would run it).
/// </summary>
internal sealed class ExploreSession
{
    private readonly ExploreRoot _root;
    private readonly Session _session;
    private readonly Interpreter _interpreter;
    private readonly Dictionary<string, Command> _parsed = [];
    private Ghost _ghost;

    public ExploreSession(ExploreRoot root)
    {
        _root = root;
        _session = new Session(TextWriter.Null, root.Version) { NoCSharp = true };
        _session.Restore(root.Snapshot);
        _interpreter = new Interpreter(_session) { StopOnError = false, PinnedKernel = true };
        _ghost = root.Ghost.Clone();
    }

    public Machine Machine => _session.Machine;

    /// <summary>Returns to the setup's state, then runs <paramref name="path"/> (whose states were checked before).</summary>
    public void Replay(IReadOnlyList<ExploreOp> path)
    {
        _session.Restore(_root.Snapshot);
        _ghost = _root.Ghost.Clone();
        foreach (var op in path)
        {
            Run(op, _ghost);
        }
    }

    /// <summary>
    /// Each operation the current state allows at <paramref name="depth"/>, tried from this state.
    /// A state <paramref name="known"/> says was reached and judged before is not judged again.
    /// The session is left in the last transition's state: <see cref="Replay"/> before the next use.
    /// </summary>
    public List<Transition> Expand(int depth, Func<UInt128, bool> known)
    {
        var snapshot = _session.Snapshot();
        var ghost = _ghost;
        var ops = Enabled(depth);
        var transitions = new List<Transition>(ops.Count);
        for (var i = 0; i < ops.Count; i++)
        {
            if (i > 0)
            {
                _session.Restore(snapshot);
            }
            var g = ghost.Clone();
            transitions.Add(Try(ops[i], g, known));
        }
        return transitions;
    }

    /// <summary>Runs one operation from the current state and judges the state it leads to; the state stays.</summary>
    public Transition Step(ExploreOp op)
    {
        return Try(op, _ghost, _ => false);
    }

    /// <summary>The operations the alphabet allows in the current state, in a fixed order.</summary>
    public List<ExploreOp> Enabled(int depth)
    {
        var world = _root.World;
        var machine = _session.Machine;
        var alive = world.Processes.Where(p => machine.FindProcess(p) is not null).ToList();
        var ops = new List<ExploreOp>();
        foreach (var kind in world.Ops)
        {
            switch (kind)
            {
                case OpKind.Fork:
                    var child = world.Processes.FirstOrDefault(p => machine.FindProcess(p) is null);
                    if (child is not null)
                    {
                        ops.AddRange(alive.Select(p => new ExploreOp(kind, p, child)));
                    }
                    break;
                case OpKind.Exit:
                    if (alive.Count >= 2)
                    {
                        ops.AddRange(alive.Select(p => new ExploreOp(kind, p)));
                    }
                    break;
                case OpKind.Ksm:
                    if (alive.Count > 0)
                    {
                        ops.Add(new ExploreOp(kind, alive[0]));
                    }
                    break;
                case OpKind.Unpin or OpKind.Close:
                    foreach (var (id, h) in _ghost.Handles)
                    {
                        if ((h.Rule == HandleRule.Pipe) == (kind == OpKind.Close))
                        {
                            ops.Add(new ExploreOp(kind, h.Taker, h.Mapping, Handle: id));
                        }
                    }
                    break;
                default:
                    foreach (var p in alive)
                    {
                        foreach (var (m, size) in _root.Mappings)
                        {
                            if (_ghost.Maps(p, m) && (kind is not (OpKind.Split or OpKind.Collapse) || size >= PmdSize))
                            {
                                ops.Add(new ExploreOp(kind, p, m, Value: kind == OpKind.Write ? (ulong)(1001 + depth) : 0, Size: size));
                            }
                        }
                    }
                    break;
            }
        }
        return ops;
    }

    private const long PmdSize = 2L << 20;

    private Transition Try(ExploreOp op, Ghost ghost, Func<UInt128, bool> known)
    {
        var machine = _session.Machine;
        var before = (Copies: Copies(machine), Faults: machine.Stats[VmEvent.PgFault], Free: machine.Memory.FreePages);
        Violation? violation = null;
        UInt128 state = default;
        try
        {
            Run(op, ghost);
            state = Hash(ghost);
            // A known state was judged when first reached (states that break a rule are never known).
            if (!known(state))
            {
                violation = ExploreOracle.Check(_session.Machine, ghost, _root.Addresses);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            violation = new Violation(ViolationKind.Crash, $"the engine threw {e.GetType().Name}: {e.Message}", "check");
        }
        machine = _session.Machine;
        var cost = new ExploreCost(Copies(machine) - before.Copies, machine.Stats[VmEvent.PgFault] - before.Faults, Math.Max(0, before.Free - machine.Memory.FreePages));
        return new Transition(op, violation is null ? state : default, violation, cost);
    }

    private static long Copies(Machine m) => m.Stats[VmEvent.CowCopy] + m.Stats[VmEvent.ForkCopy] + m.Stats[VmEvent.Unshare];

    private void Run(ExploreOp op, Ghost ghost)
    {
        var errors = _session.Errors;
        var handles = _session.Machine.Handles.Count;
        _session.Outcomes.Rows.Clear();
        _interpreter.Execute(Parse(op.Text));
        // An errno or a SIGSEGV leaves a row in the outcome log: the operation did nothing.
        if (_session.Errors != errors || _session.Outcomes.Rows.Count > 0)
        {
            return;
        }
        var opened = 0;
        if (_session.Machine.Handles.Count > handles)
        {
            opened = _session.Machine.Handles.Keys.Where(id => !ghost.HasHandle(id)).Max();
        }
        ghost.Apply(op, opened);
    }

    private UInt128 Hash(Ghost ghost)
    {
        var hash = new StateHash();
        var canon = new StateCanon();
        _session.Machine.AddStateTo(ref hash, canon);
        ghost.AddTo(ref hash, canon);
        return hash.Value;
    }

    /// <summary>The hash of the current state.</summary>
    public UInt128 StateHash() => Hash(_ghost);

    private Command Parse(string text)
    {
        if (!_parsed.TryGetValue(text, out var command))
        {
            var parsed = ScriptParser.Parse(new SourceText("<explore>", text));
            _parsed[text] = command = parsed.Script.Commands.Single();
        }
        return command;
    }
}

