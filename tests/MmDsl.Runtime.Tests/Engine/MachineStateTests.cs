using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>
/// The machine's state is one type, cloned in one place: after a script that touches every part
/// of it, the clone must equal the original field by field, all the way down, and share no
/// mutable object with it. A field added to the state and forgotten in the clone fails here.
/// </summary>
public sealed class MachineStateTests
{
    private const string RichScript = """
        set swap 64M
        set thp.64K always
        proc A
        mmap buf 4M thp
        mmap small 64K
        mmap sh 8K shared
        mmap m 1M
        write m 64K
        write A buf
        write A small
        write sh = 1
        fork B
        write B buf+0x1000
        write B small+4K
        write B sh+4K = 2
        pin A small 4K ro longterm
        get A small+8K 4K
        vmsplice A small+12K 4K
        madvise A buf+1M 512K dontneed
        madvise B buf+1M 512K dontneed
        mremap A small 64K 128K
        swapout B small 16K
        read B small+4K
        fork C
        exit C
        write A m+512K
        mmap tiny 8K
        write A tiny
        """;

    [Fact]
    public void TheCloneEqualsTheMachineAndSharesNothingMutable()
    {
        var session = new Session(new StringWriter());
        var interpreter = new MmDsl.Runtime.Scripting.Interpreter(session);
        Assert.True(interpreter.RunText(new SourceText("rich", RichScript)), session.Output.ToString());
        var machine = session.Machine;
        AssertRich(machine);

        var clone = machine.Clone();

        var a = State(machine);
        var b = State(clone);
        Assert.NotSame(a, b);
        var problems = new List<string>();
        var fields = a.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.True(fields.Length > 10, "the state type lost its fields?");
        foreach (var field in fields)
        {
            new DeepCompare(problems).Compare(field.GetValue(a), field.GetValue(b), field.Name);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public void TheComparisonSeesAForgottenField()
    {
        var problems = new List<string>();
        var original = new Holder { Numbers = [1, 2], Count = 3 };
        new DeepCompare(problems).Compare(original, new Holder { Numbers = original.Numbers, Count = 3 }, "shared");
        new DeepCompare(problems).Compare(original, new Holder { Numbers = [1, 2], Count = 0 }, "forgotten");
        Assert.Contains(problems, p => p.StartsWith("shared.Numbers", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("forgotten.Count", StringComparison.Ordinal));
    }

    /// <summary>Every part of the state holds something, so that a forgotten copy would show.</summary>
    private static void AssertRich(Machine m)
    {
        Assert.True(m.Processes.Count >= 2);
        Assert.NotEmpty(m.Handles);
        Assert.NotEmpty(m.ShmemObjects);
        Assert.NotEmpty(m.LruBatch);
        Assert.NotEmpty(m.DeferredSplitQueue);
        Assert.True(m.Swap.InUse > 0 || m.Folios().Any(f => m.InSwapCache(f)));
    }

    private static object State(Machine m) =>
        typeof(Machine).GetField("_s", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(m)!;

    private sealed class Holder
    {
        public List<int> Numbers = [];

        public int Count;
    }

    /// <summary>Structural equality over fields, and no mutable object reachable from both sides.</summary>
    private sealed class DeepCompare(List<string> problems)
    {
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public void Compare(object? a, object? b, string path)
        {
            if (a is null || b is null)
            {
                if (a is not null || b is not null)
                {
                    problems.Add($"{path}: {a ?? "null"} != {b ?? "null"}");
                }
                return;
            }
            var type = a.GetType();
            if (type != b.GetType())
            {
                problems.Add($"{path}: type {type.Name} != {b.GetType().Name}");
                return;
            }
            if (IsScalar(type))
            {
                if (!a.Equals(b))
                {
                    problems.Add($"{path}: {a} != {b}");
                }
                return;
            }
            if (!type.IsValueType)
            {
                if (ReferenceEquals(a, b))
                {
                    if (!IsImmutable(type))
                    {
                        problems.Add($"{path}: the clone shares this {type.Name}");
                    }
                    return;
                }
                if (!_seen.Add(a))
                {
                    return;
                }
            }
            switch (a)
            {
                case Array x:
                    var y = (Array)b;
                    if (x.Length != y.Length)
                    {
                        problems.Add($"{path}: length {x.Length} != {y.Length}");
                        return;
                    }
                    for (var i = 0; i < x.Length; i++)
                    {
                        Compare(x.GetValue(i), y.GetValue(i), $"{path}[{i}]");
                    }
                    return;
                case IDictionary x:
                    var d = (IDictionary)b;
                    if (x.Count != d.Count)
                    {
                        problems.Add($"{path}: count {x.Count} != {d.Count}");
                        return;
                    }
                    foreach (DictionaryEntry e in x)
                    {
                        if (!d.Contains(e.Key))
                        {
                            problems.Add($"{path}: key {e.Key} missing");
                            continue;
                        }
                        Compare(e.Value, d[e.Key], $"{path}[{e.Key}]");
                    }
                    return;
                case IEnumerable x when type.Namespace?.StartsWith("System.Collections", StringComparison.Ordinal) == true:
                    var left = x.Cast<object?>().ToList();
                    var right = ((IEnumerable)b).Cast<object?>().ToList();
                    if (left.Count != right.Count)
                    {
                        problems.Add($"{path}: count {left.Count} != {right.Count}");
                        return;
                    }
                    for (var i = 0; i < left.Count; i++)
                    {
                        Compare(left[i], right[i], $"{path}[{i}]");
                    }
                    return;
            }
            foreach (var field in Fields(type).Where(f => !IsCache(f)))
            {
                Compare(field.GetValue(a), field.GetValue(b), $"{path}.{Name(field)}");
            }
        }

        /// <summary>A lookup cache (<c>_cached...</c>) that a copy starts empty and rebuilds: not state.</summary>
        private static bool IsCache(FieldInfo f) => f.Name.StartsWith("_cached", StringComparison.Ordinal);

        private static bool IsScalar(Type t) =>
            t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);

        /// <summary>A type no one can change once built: readonly fields of scalar or immutable types only.</summary>
        private static bool IsImmutable(Type t) =>
            IsScalar(t) || (!t.IsArray && !typeof(IEnumerable).IsAssignableFrom(t) && !typeof(Delegate).IsAssignableFrom(t)
                && Fields(t).All(f => f.IsInitOnly && (f.FieldType == t || IsImmutable(f.FieldType))));

        private static IEnumerable<FieldInfo> Fields(Type t)
        {
            for (var type = t; type is not null && type != typeof(object); type = type.BaseType)
            {
                foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    yield return f;
                }
            }
        }

        private static string Name(FieldInfo f) =>
            f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>', StringComparison.Ordinal)] : f.Name;
    }
}
