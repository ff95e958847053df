using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// What the <see cref="Evaluator"/> asks of the backend it runs on (the simulator, or the live
/// kernel): the value of a name, whether a name is a process, and the value of a query.
/// </summary>
internal interface IExpressionContext
{
    bool TryGetName(string name, out Value value);

    bool IsProcess(string name);

    Value Call(CallExpr call, Evaluator eval);
}

/// <summary>The simulator's names and queries.</summary>
internal sealed class SessionExpressionContext(Session session, Queries queries) : IExpressionContext
{
    public bool TryGetName(string name, out Value value) => session.Names.TryGetValue(name, out value);

    public bool IsProcess(string name) => session.FindProcess(name) is not null;

    public Value Call(CallExpr call, Evaluator eval) => queries.Call(call, eval);
}
