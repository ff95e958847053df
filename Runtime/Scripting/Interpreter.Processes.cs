using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Proc(ProcCommand c)
    {
        if (_session.FindProcess(c.Name.Name) is null)
        {
            CheckNewName(c.Name);
            var created = M.CreateProcess(c.Name.Name);
            if (!created.Ok)
            {
                throw new RuntimeError(c.Name.Span, $"proc {c.Name.Name}: {created.Error} ({created.Detail})");
            }
            Out.WriteLine($"{c.Name.Name}: new process (pid {created.Value.Pid})");
        }
        _session.Current = c.Name.Name;
    }

    private void Use(UseCommand c) => _session.Current = _binder.Process(c.Name).Name;

    private void Fork(ForkCommand c)
    {
        var parent = c.From is { } from ? _binder.Process(from) : _binder.CurrentProcess(c.Span);
        if (_session.FindProcess(c.Child.Name) is not null)
        {
            throw new RuntimeError(c.Child.Span, $"process '{c.Child.Name}' already exists");
        }
        CheckNewName(c.Child);
        var child = M.Fork(parent, c.Child.Name);
        if (!child.Ok)
        {
            Outcome(child.Error.ToString());
            Out.WriteLine($"{c.Child.Name}: fork of {parent.Name}: {child.Error} ({child.Detail})");
            return;
        }
        Out.WriteLine($"{c.Child.Name}: fork of {parent.Name} (pid {child.Value.Pid})");
    }

    private void Exit(ExitCommand c)
    {
        var process = c.Process is { } name ? _binder.Process(name) : _binder.CurrentProcess(c.Span);
        M.Exit(process);
        Out.WriteLine($"{process.Name}: exit");
    }

    /// <summary>Names share one namespace: a new process or mapping name must not be taken otherwise.</summary>
    private void CheckNewName(Ident name)
    {
        if (Keywords.Reserved.Contains(name.Name) || CommandTable.IsCommand(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' is a keyword and cannot be a name");
        }
        if (_session.Names.ContainsKey(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a mapping or a value");
        }
    }

    private void CheckNotProcess(Ident name)
    {
        if (_session.FindProcess(name.Name) is not null)
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a process");
        }
    }

    private static Span SpanOf(Span first, Span last) => first.To(last);
}
