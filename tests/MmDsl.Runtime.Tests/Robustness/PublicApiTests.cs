using System.Reflection;
using System.Text.RegularExpressions;

namespace MmDsl.Runtime.Tests.Robustness;

/// <summary>
/// Only the documented C# API is public: the views of MmDsl.Runtime.Api (docs/csharp-api.md) and the
/// engine types they hand out. Everything else is internal to the project's assemblies, so that a
/// program embedding MmDsl cannot come to depend on the engine's or the backends' insides.
/// </summary>
public sealed partial class PublicApiTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(MmDsl.Language.Parsing.AccessGrammar).Assembly,
        typeof(MmDsl.Engine.Machine).Assembly,
        typeof(Api.MmApi).Assembly,
        typeof(MmDsl.LiveKernel.LiveSession).Assembly,
        typeof(MmDsl.Snippets.SnippetHost).Assembly,
    ];

    [Fact]
    public void Every_public_type_is_documented_in_the_csharp_api_page()
    {
        string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "csharp-api.md"));
        var documented = CodeSpan().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var undocumented = Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !documented.Contains(t.Name))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(undocumented.Count == 0, "public but not in docs/csharp-api.md:\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void Public_types_live_in_the_api_namespace_or_are_handed_out_by_it()
    {
        var api = typeof(Api.MmApi).Assembly.GetExportedTypes().Where(t => t.Namespace == "MmDsl.Runtime.Api").ToHashSet();
        var handedOut = api.SelectMany(Signatures).ToHashSet();
        var stray = Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !api.Contains(t) && !handedOut.Contains(t) && !(t.DeclaringType is { } d && (api.Contains(d) || handedOut.Contains(d))))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(stray.Count == 0, "public outside the API:\n" + string.Join("\n", stray));
    }

    private static IEnumerable<Type> Signatures(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .SelectMany(m => m switch
            {
                PropertyInfo p => [p.PropertyType],
                FieldInfo f => [f.FieldType],
                MethodInfo mi => mi.GetParameters().Select(x => x.ParameterType).Append(mi.ReturnType),
                ConstructorInfo c => c.GetParameters().Select(x => x.ParameterType),
                _ => [],
            })
            .SelectMany(Unwrap);

    private static IEnumerable<Type> Unwrap(Type t)
    {
        if (t.HasElementType)
            return Unwrap(t.GetElementType()!);
        return t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrap).Append(t) : [t];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "csharp-api.md")))
                return dir.FullName;
        }
        throw new InvalidOperationException("docs/csharp-api.md not found above the test output");
    }

    [GeneratedRegex("`([A-Z][A-Za-z0-9]*)`")]
    private static partial Regex CodeSpan();
}
