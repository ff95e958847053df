using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private void TakeHandle(Operands operands, string verb, bool write, bool longTerm, Command command)
    {
        var (process, args) = _binder.Target(operands);
        var address = _eval.Number(args[0], "an address");
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageSize;
        Outcome(_target.TakeHandle(new HandleRequest(verb, process, address, size, write, longTerm, command)));
    }

    private void HandleWrite(HandleWriteCommand c)
    {
        var id = c.Handle.Number;
        if (!_target.HandleWritable(id, c.Handle.Span))
        {
            throw new RuntimeError(c.Handle.Span, $"#{id} is read-only: only a rw pin or get can be written through");
        }
        var value = c.Value is { } v ? (ulong)_eval.Number(v, "a value") : ++State.WriteCounter;
        _target.HandleWrite(id, value, c);
    }

    private void Release(ReleaseCommand c)
    {
        var id = c.Handle.Number;
        var verb = _target.HandleVerb(id, c.Handle.Span);
        var expected = verb switch
        {
            "pin" => ReleaseKind.Unpin,
            "get" => ReleaseKind.Put,
            _ => ReleaseKind.Close,
        };
        if (c.Kind != expected)
        {
            throw new RuntimeError(c.Span, $"#{id} came from {verb}: release it with '{expected.ToString().ToLowerInvariant()} #{id}'");
        }
        _target.Release(id);
        Out.WriteLine($"#{id}: {c.Kind.ToString().ToLowerInvariant()}");
    }
}
