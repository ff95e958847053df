using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using MmDsl.Language.Text;

namespace MmDsl.Snippets;

/// <summary>
/// Which snippet line was running when an exception was thrown. Snippets are compiled without
/// debug information (writing it would double the first snippet's time); only when an exception
/// needs a line does this emit the submission again with a portable PDB, which holds the same IL,
/// and look up the sequence point of the frame's IL offset.
/// </summary>
internal sealed class SnippetLines
{
    private readonly List<(SnippetOrigin Origin, Compilation Compilation)> _submissions = [];
    private readonly Dictionary<int, MetadataReaderProvider> _pdbs = [];

    public void Add(SnippetOrigin origin, Compilation compilation) => _submissions.Add((origin, compilation));

    /// <summary>The innermost frame of <paramref name="e"/> that runs snippet code, as a script span; null if none.</summary>
    public Span? Where(Exception e) => Where(new StackTrace(e, fNeedFileInfo: false));

    /// <summary>The innermost frame of <paramref name="trace"/> that runs snippet code (the line calling into the API, say).</summary>
    public Span? Where(StackTrace trace)
    {
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            var assembly = method?.Module.Assembly.GetName().Name;
            var index = assembly is null ? -1 : _submissions.FindIndex(s => s.Compilation.AssemblyName == assembly);
            if (index < 0 || frame.GetILOffset() < 0)
            {
                continue;
            }
            if (SequencePoint(index, method!.MetadataToken, frame.GetILOffset()) is { } point)
            {
                return _submissions[index].Origin.AtLine(point.StartLine, point.StartColumn);
            }
        }
        return null;
    }

    private SequencePoint? SequencePoint(int index, int token, int ilOffset)
    {
        if (!_pdbs.TryGetValue(index, out var provider))
        {
            var pdb = new MemoryStream();
            var result = _submissions[index].Compilation.Emit(new MemoryStream(), pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (!result.Success)
            {
                return null;
            }
            pdb.Position = 0;
            _pdbs[index] = provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        }
        var reader = provider.GetMetadataReader();
        if (MetadataTokens.EntityHandle(token) is not { Kind: HandleKind.MethodDefinition } handle)
        {
            return null;
        }
        SequencePoint? best = null;
        foreach (var point in reader.GetMethodDebugInformation(((MethodDefinitionHandle)handle).ToDebugInformationHandle()).GetSequencePoints())
        {
            if (!point.IsHidden && point.Offset <= ilOffset)
            {
                best = point;
            }
        }
        return best;
    }
}
