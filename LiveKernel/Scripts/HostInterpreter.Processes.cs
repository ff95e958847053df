using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    private void Proc(ProcCommand c)
    {
        if (_binder.Find(c.Name.Name) is null)
        {
            CheckNewName(c.Name);
            var agent = _host.StartProcess();
            _faults.Started(agent);
            _binder.Add(new HostProcess(c.Name.Name, agent));
            Out.WriteLine($"{c.Name.Name}: new process (pid {agent.Pid})");
        }
        _binder.Current = c.Name.Name;
    }

    private void Fork(ForkCommand c)
    {
        var parent = c.From is { } from ? _binder.Process(from) : _binder.CurrentProcess(c.Span);
        if (_binder.Find(c.Child.Name) is not null)
        {
            throw new RuntimeError(c.Child.Span, $"process '{c.Child.Name}' already exists");
        }
        CheckNewName(c.Child);
        var before = _faults.BeforeFork(parent.Agent);
        var forked = parent.Agent.Fork();
        if (forked is not HostResult<HostAgent>.Ok { Value: var child })
        {
            Out.WriteLine($"{c.Child.Name}: fork of {parent.Name}: {forked.ErrorOrNull}");
            return;
        }
        _faults.Forked(parent.Agent, before, child);
        _binder.Add(new HostProcess(c.Child.Name, child));
        Out.WriteLine($"{c.Child.Name}: fork of {parent.Name} (pid {child.Pid})");
    }

    private void Exit(ExitCommand c)
    {
        var process = c.Process is { } name ? _binder.Process(name) : _binder.CurrentProcess(c.Span);
        _faults.Exiting(process.Agent);
        var exited = process.Agent.Exit();
        process.Agent.Dispose();
        _binder.Remove(process);
        Out.WriteLine(exited.IsOk ? $"{process.Name}: exit" : $"{process.Name}: exit: {exited.ErrorOrNull} (killed)");
    }

    /// <summary><c>reset</c>: every agent ends; names, handles, counters and the write counter start again.</summary>
    private void Reset()
    {
        foreach (var process in _binder.Processes.ToList())
        {
            process.Agent.Dispose();
        }
        _binder.Clear();
        _handles.Clear();
        _nextHandle = 1;
        _writeCounter = 0;
        _faults.Clear();
        _windows.Clear();
        _host.RestartStats();
        _diverged = null;
        Out.WriteLine("reset: every agent ended");
    }

    /// <summary>Names share one namespace: a new process or mapping name must not be taken otherwise.</summary>
    private void CheckNewName(Ident name)
    {
        if (Keywords.Reserved.Contains(name.Name) || CommandTable.IsCommand(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' is a keyword and cannot be a name");
        }
        if (_binder.Names.ContainsKey(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' already names a mapping or a value");
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
