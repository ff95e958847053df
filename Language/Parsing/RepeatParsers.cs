using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// <c>Optional</c>, <c>Many</c> and <c>Separated</c> with Pidgin's meaning (an item that fails
/// after consuming input fails the whole), without Pidgin's cost of a pooled buffer per
/// attempt: a statement has a dozen such attempts and they must take nanoseconds.
/// </summary>
internal static class RepeatParsers
{
    /// <summary>Forgets what a failed attempt expected, as Pidgin does when an alternative succeeds.</summary>
    public static void Forget(ref PooledList<Expected<Token>> expecteds, int count)
    {
        while (expecteds.Count > count)
        {
            expecteds.Pop();
        }
    }
}

/// <summary>
/// Per-thread scratch arrays for collecting items, nested as parsers nest, so that a list of
/// operands costs one exact-size array.
/// </summary>
internal static class Scratch<T>
{
    [ThreadStatic]
    private static List<T[]>? t_buffers;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>A list to collect into; give it back with <see cref="Finish"/>.</summary>
    public static Collector Start()
    {
        var buffers = t_buffers ??= [];
        if (t_depth == buffers.Count)
        {
            buffers.Add(new T[8]);
        }
        return new Collector(t_depth++);
    }

    public struct Collector(int depth)
    {
        private int _count;

        public readonly int Count => _count;

        public void Add(T item)
        {
            var buffers = t_buffers!;
            var buffer = buffers[depth];
            if (_count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                buffers[depth] = buffer;
            }
            buffer[_count++] = item;
        }

        /// <summary>The items collected, and the scratch array given back.</summary>
        public readonly ImmutableArray<T> Finish()
        {
            t_depth = depth;
            var buffer = t_buffers![depth];
            if (_count == 0)
            {
                return [];
            }
            var items = buffer.AsSpan(0, _count).ToArray();
            buffer.AsSpan(0, _count).Clear();
            return ImmutableCollectionsMarshal.AsImmutableArray(items);
        }
    }
}

internal sealed class OptionalParser<T>(Parser<Token, T> parser) : Parser<Token, Maybe<T>>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Maybe<T> result)
    {
        var start = state.Location;
        var known = expecteds.Count;
        if (parser.TryParse(ref state, ref expecteds, out var value))
        {
            result = Maybe.Just(value);
            return true;
        }
        result = Maybe.Nothing<T>();
        if (state.Location > start)
        {
            return false;
        }
        RepeatParsers.Forget(ref expecteds, known);
        return true;
    }
}

internal sealed class ManyParser<T>(Parser<Token, T> parser) : Parser<Token, ImmutableArray<T>>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out ImmutableArray<T> result)
    {
        var items = Scratch<T>.Start();
        while (true)
        {
            var start = state.Location;
            var known = expecteds.Count;
            if (!parser.TryParse(ref state, ref expecteds, out var item))
            {
                result = items.Finish();
                if (state.Location > start)
                {
                    return false;
                }
                RepeatParsers.Forget(ref expecteds, known);
                return true;
            }
            items.Add(item);
        }
    }
}

/// <summary>
/// Zero or more items with a separator between them (<c>f(a, b)</c>). What the last attempt
/// expected is kept, so that a message can say <c>expected ',' or ')'</c>.
/// </summary>
internal sealed class SeparatedParser<T>(Parser<Token, T> parser, Parser<Token, Token> separator) : Parser<Token, ImmutableArray<T>>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out ImmutableArray<T> result)
    {
        result = [];
        var start = state.Location;
        if (!parser.TryParse(ref state, ref expecteds, out var first))
        {
            return state.Location == start;
        }
        var items = Scratch<T>.Start();
        items.Add(first);
        while (true)
        {
            start = state.Location;
            if (!separator.TryParse(ref state, ref expecteds, out _))
            {
                result = items.Finish();
                return state.Location == start;
            }
            if (!parser.TryParse(ref state, ref expecteds, out var item))
            {
                result = items.Finish();
                return false;
            }
            items.Add(item);
        }
    }
}
