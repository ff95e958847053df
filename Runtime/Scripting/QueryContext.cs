using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// The names and query functions of expressions (<c>refcount(A, buf)</c> and friends) on any
/// backend: the operands are bound here, the answer is the target's.
/// </summary>
internal sealed class QueryContext(IKernelTarget target, ProcessBinder binder, Func<string, long, Span, ulong> read) : IExpressionContext
{
    public bool TryGetName(string name, out Value value) => target.State.Names.TryGetValue(name, out value);

    public bool IsProcess(string name) => binder.Find(name) is not null;

    public Value Call(CallExpr call, Evaluator eval)
    {
        var info = QueryTable.Find(call.Function) ?? throw new RuntimeError(call.Span, $"unknown function '{call.Function}'");
        return info.Args switch
        {
            QueryArgs.ProcessAddress => PerAddress(call, eval),
            QueryArgs.Process => target.ProcessQuery(call.Function,
                call.Args.Length == 1 ? ProcessArg(call.Args[0]) : binder.CurrentProcess(call.Span), call.Span),
            QueryArgs.Counter => call.Args[0] is NameExpr name
                ? target.Stat(name)
                : throw new RuntimeError(call.Args[0].Span, "expected a counter name, such as stat(pgfault)"),
            _ => Handle(call, eval),
        };
    }

    private Value PerAddress(CallExpr call, Evaluator eval)
    {
        var (process, addressExpr) = call.Args.Length == 2
            ? (ProcessArg(call.Args[0]), call.Args[1])
            : (binder.CurrentProcess(call.Span), call.Args[0]);
        var address = eval.Number(addressExpr, "an address");
        return call.Function == "value"
            ? Value.Of((long)read(process, address, call.Span))
            : target.Query(call.Function, process, address, call.Span);
    }

    private Value Handle(CallExpr call, Evaluator eval)
    {
        if (call.Args[0] is not HandleExpr handle)
        {
            throw new RuntimeError(call.Args[0].Span, "expected a handle, such as handle(#1)");
        }
        var offset = call.Args.Length == 2 ? eval.Number(call.Args[1], "an offset") : 0;
        return target.ReadHandle(handle.Number, offset, handle.Span);
    }

    private string ProcessArg(Expr expr) =>
        expr is NameExpr name
            ? binder.Process(new Ident(name.Name, name.Span))
            : throw new RuntimeError(expr.Span, "expected a process name");
}
