using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private void Swapout(SwapoutCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageSize;
        Outcome(_target.Swapout(process, address, size, c));
    }

    private void Collapse(CollapseCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        if (_target.Collapse(process, _eval.Number(args[0], "an address"), c) is { } outcome)
        {
            Outcome(outcome);
        }
    }

    private void Split(SplitCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        _target.Split(process, _eval.Number(args[0], "an address"), c.Folio, c);
    }

    private void Migrate(MigrateCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageSize;
        _target.Migrate(process, address, size);
    }

    private void Kernel(KernelCommand c)
    {
        if (_policies.TryGetValue(c.Version, out var policy))
        {
            _target.Kernel(new KernelVersionRequest(PolicyBase(policy, c.VersionSpan), PinnedKernel, c.Span, new Api.PolicyOverrides(policy)));
            return;
        }
        if (!KernelVersion.TryParse(c.Version, out var version))
        {
            throw new RuntimeError(c.VersionSpan, Language.Parsing.BlockGrammar.IsPolicyName(c.Version)
                ? $"no policy '{c.Version}' (define it first: policy {c.Version} : 6.18 {{ ... }}, or policy load FILE.cs)"
                : $"'{c.Version}' is not a kernel version (try 5.16, 6.1 or latest)");
        }
        _target.Kernel(new KernelVersionRequest(version, PinnedKernel, c.Span));
    }

    /// <summary>Policies defined so far, by name (<c>policy</c>, <c>policy load</c>): definitions, not machine state.</summary>
    private readonly Dictionary<string, Api.Policy> _policies = new(StringComparer.Ordinal);

    /// <summary>The policies this interpreter knows, by name.</summary>
    public IReadOnlyDictionary<string, Api.Policy> Policies => _policies;

    /// <summary>
    /// The policy a comparison's column runs under: when the script defines it (or from the
    /// start, <see cref="Adopt"/>), the kernel switches to it, whatever <c>kernel</c> lines say.
    /// </summary>
    public string? PinnedPolicy { get; init; }

    /// <summary>A policy compiled elsewhere (<c>compare</c> in a session that defined it), selected at once when pinned.</summary>
    public void Adopt(Api.Policy policy)
    {
        _policies[policy.Name] = policy;
        if (policy.Name == PinnedPolicy)
        {
            _target.Kernel(new KernelVersionRequest(PolicyBase(policy, default), Pinned: false, default, new Api.PolicyOverrides(policy)));
        }
    }

    private void DefinePolicy(PolicyCommand c) => Register(Host.DefinePolicy(this, c), c.NameSpan);

    private void LoadPolicies(PolicyLoadCommand c)
    {
        var loaded = Host.LoadPolicies(this, c);
        if (loaded.Count == 0)
        {
            throw new RuntimeError(c.Path.Span, $"policy load: {c.Path.Path} defines no class deriving from Policy");
        }
        foreach (var policy in loaded)
        {
            Register(policy, c.Path.Span);
        }
    }

    private void Register(Api.Policy policy, Language.Text.Span where)
    {
        string name;
        try
        {
            name = policy.Name;
        }
        catch (Exception e)
        {
            throw new RuntimeError(where, $"the policy's Name threw {e.GetType().Name}: {e.Message}");
        }
        if (!Language.Parsing.BlockGrammar.IsPolicyName(name))
        {
            throw new RuntimeError(where, $"'{name}' is not a policy name: letters, digits, '_' and '-', starting with a letter, not a version");
        }
        var version = PolicyBase(policy, where);
        _policies[name] = policy;
        Out.WriteLine($"policy {name} : {version} (era {EraPolicy.For(version).Name})");
        if (name == PinnedPolicy)
        {
            _target.Kernel(new KernelVersionRequest(version, Pinned: false, where, new Api.PolicyOverrides(policy)));
        }
    }

    private static KernelVersion PolicyBase(Api.Policy policy, Language.Text.Span where)
    {
        string text;
        try
        {
            text = policy.Base;
        }
        catch (Exception e)
        {
            throw new RuntimeError(where, $"the policy's Base threw {e.GetType().Name}: {e.Message}");
        }
        return KernelVersion.TryParse(text, out var version)
            ? version
            : throw new RuntimeError(where, $"policy {policy.Name}: its Base '{text}' is not a kernel version (try 5.16, 6.18 or latest)");
    }

    private void Show(ShowCommand c)
    {
        if (c.CSharp)
        {
            _target.PrintCSharp(c);
            return;
        }
        if (c.Kind == ShowKind.Eras)
        {
            // The model's own table, the same on every backend.
            foreach (var line in Output.Show.ErasTable.Lines(_target.Version))
            {
                Out.WriteLine(line);
            }
            return;
        }
        var request = c.Kind switch
        {
            ShowKind.Maps or ShowKind.Refs => new ShowRequest(c.Kind, _binder.OptionalProcess(c.Args), 0, ShowRequest.Whole, c),
            ShowKind.Ptes or ShowKind.Graph => ShowRange(c),
            ShowKind.Folio => ShowFolio(c),
            _ => new ShowRequest(c.Kind, null, 0, ShowRequest.Whole, c),
        };
        _target.Show(request);
    }

    /// <summary><c>show ptes|graph [P] [ADDR [SIZE]]</c>: every process, one process, or a range of one.</summary>
    private ShowRequest ShowRange(ShowCommand c)
    {
        if (c.Args.Count == 0)
        {
            return new ShowRequest(c.Kind, null, 0, ShowRequest.Whole, c);
        }
        if (c.Args.Count == 1 && c.Args[0] is NameExpr n && _binder.Find(n.Name) is { } only)
        {
            return new ShowRequest(c.Kind, only, 0, ShowRequest.Whole, c);
        }
        var (process, args) = _binder.Target(c.Args);
        var start = _eval.Number(args[0], "an address") & ~(PageSize - 1);
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageSize;
        return new ShowRequest(c.Kind, process, start, start + size, c);
    }

    private ShowRequest ShowFolio(ShowCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        return new ShowRequest(ShowKind.Folio, process, address, address, c);
    }

    private void Compare(CompareCommand c)
    {
        Script script;
        if (c.Body is { } body)
        {
            script = new Script(c.Span.Source, body);
        }
        else
        {
            var path = Path.GetFullPath(c.Path!.Path);
            if (!ScriptFile.TryRead(path, out var text, out var why))
            {
                throw new RuntimeError(c.Path.Span, $"compare: {why}");
            }
            var parsed = ScriptParser.Parse(new SourceText(c.Path.Path, text));
            if (!parsed.Success)
            {
                PrintSyntaxErrors(parsed);
                throw new RuntimeError(c.Path.Span, "compare: the file has syntax errors");
            }
            script = parsed.Script;
        }
        _target.Compare(script, [.. _policies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    private void Help(HelpCommand c)
    {
        foreach (var line in HelpText.For(c.Topic, c.Span))
        {
            Out.WriteLine(line);
        }
    }
}
