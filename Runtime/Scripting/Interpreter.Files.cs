using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

/// <summary><c>memfd</c>, <c>pwrite</c>, <c>pread</c>: files and their page cache.</summary>
internal sealed partial class Interpreter
{
    private void Memfd(MemfdCommand c)
    {
        var size = _eval.Number(c.Size, "a size");
        var result = _target.Memfd(c.Name.Name, size);
        Outcome(result.Outcome);
        var call = $"memfd {c.Name.Name} ({Fmt.Size(size)})";
        Out.WriteLine(result.Error is null ? call : $"{call}: {result.Error}{(result.Detail is null ? string.Empty : $" ({result.Detail})")}");
    }

    private void Pwrite(PwriteCommand c)
    {
        var file = MemfdName(c.File);
        var offset = FileOffset(c.Offset);
        var value = (ulong)_eval.Number(c.Value, "a value");
        var result = _target.Pwrite(file, offset, value);
        Outcome(result.Outcome);
        var call = $"pwrite {file} {Fmt.Hex(offset)} = {value}";
        Out.WriteLine(result.Error is null ? call : $"{call}: {result.Error}");
    }

    private void Pread(PreadCommand c)
    {
        var file = MemfdName(c.File);
        var offset = FileOffset(c.Offset);
        var result = _target.Pread(file, offset);
        Outcome(result.Error ?? (result.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "eof"));
        var call = $"pread {file} {Fmt.Hex(offset)}";
        Out.WriteLine(result.Error is not null ? $"{call}: {result.Error}"
            : result.Value is { } word ? $"{call} = {word}" : $"{call}: end of file (0 bytes)");
    }

    /// <summary>The memfd a command names; an unknown one is an error at its name.</summary>
    private string MemfdName(Ident name) => _target.HasMemfd(name.Name)
        ? name.Name
        : throw new RuntimeError(name.Span, $"no memfd '{name.Name}': create it with memfd {name.Name} SIZE");

    private long FileOffset(Expr expr)
    {
        var offset = _eval.Number(expr, "an offset");
        return offset >= 0 && (offset & 7) == 0
            ? offset
            : throw new RuntimeError(expr.Span, $"offset {Fmt.Hex(offset)} is not a non-negative multiple of 8: pwrite and pread access whole 8-byte words");
    }
}
