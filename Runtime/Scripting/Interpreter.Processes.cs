using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private void Proc(ProcCommand c)
    {
        if (_binder.Find(c.Name.Name) is null)
        {
            CheckNewName(c.Name);
            var created = _target.NewProcess(c.Name.Name);
            if (created.Error is { } failed)
            {
                throw new RuntimeError(c.Name.Span, $"proc {c.Name.Name}: {failed}{(created.Detail is null ? string.Empty : $" ({created.Detail})")}");
            }
            Out.WriteLine($"{c.Name.Name}: new process (pid {created.Pid})");
        }
        State.Current = c.Name.Name;
    }

    private void Fork(ForkCommand c)
    {
        var parent = c.From is { } from ? _binder.Process(from) : _binder.CurrentProcess(c.Span);
        if (_binder.Find(c.Child.Name) is not null)
        {
            throw new RuntimeError(c.Child.Span, $"process '{c.Child.Name}' already exists");
        }
        CheckNewName(c.Child);
        var child = _target.Fork(parent, c.Child.Name);
        if (child.Error is { } error)
        {
            Outcome(error);
            Out.WriteLine($"{c.Child.Name}: fork of {parent}: {error}{(child.Detail is null ? string.Empty : $" ({child.Detail})")}");
            return;
        }
        Out.WriteLine($"{c.Child.Name}: fork of {parent} (pid {child.Pid})");
    }

    private void Exit(ExitCommand c)
    {
        var process = c.Process is { } name ? _binder.Process(name) : _binder.CurrentProcess(c.Span);
        Out.WriteLine($"{process}: exit{_target.Exit(process)}");
    }

    private void Reset()
    {
        var line = _target.Reset();
        State.Diverged = null;
        Out.WriteLine(line);
    }

    /// <summary>Names share one namespace: a new process or mapping name must not be taken otherwise.</summary>
    private void CheckNewName(Ident name)
    {
        if (Keywords.Reserved.Contains(name.Name) || CommandTable.IsCommand(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' is a keyword and cannot be a name");
        }
        if (State.Names.ContainsKey(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a mapping or a value");
        }
    }

    /// <summary>
    /// Process, mapping and variable names share one namespace: a <c>let</c> or a loop variable
    /// may not hide a mapping, or a later <c>write NAME</c> would go to the value's address.
    /// </summary>
    private void CheckNotMapping(Ident name)
    {
        if (State.MappingNames.Contains(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a mapping (mmap {name.Name}): give the value another name");
        }
    }

    private void CheckNotProcess(Ident name)
    {
        if (_binder.Find(name.Name) is not null)
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a process");
        }
    }
}
