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

