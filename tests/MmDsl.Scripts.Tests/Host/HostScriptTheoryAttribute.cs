using MmDsl.Repl.Testing;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MmDsl.Scripts.Tests.Host;

/// <summary>
/// A test per script under <c>scripts/</c> (pieces in <c>lib/</c> aside), its only argument the
/// script's path from the repository root. A script this machine cannot compare is a skipped test
/// whose reason says why: not Linux, not root, no agent, or what its <c># host:</c> lines declare.
/// </summary>
[XunitTestCaseDiscoverer("MmDsl.Scripts.Tests.Host.HostScriptDiscoverer", "MmDsl.Scripts.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class HostScriptTheoryAttribute : FactAttribute;

public sealed class HostScriptDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute)
    {
        var display = options.MethodDisplayOrDefault();
        var displayOptions = options.MethodDisplayOptionsOrDefault();
        foreach (var script in GoldenScript.Find([RepoPaths.Scripts], includeNew: true))
        {
            var path = Path.GetRelativePath(RepoPaths.Root, script.Path).Replace('\\', '/');
            var skip = HostBasics.Unmet ?? HostScriptNeeds.Parse(File.ReadAllText(script.Path), MarkTarget.Current).Unmet(HostCapabilities.WithSwapFile(HostDiffTests.SwapBytes));
            yield return skip is null
                ? new XunitTestCase(sink, display, displayOptions, method, [path])
                : new XunitSkippedDataRowTestCase(sink, display, displayOptions, method, $"{path}: {skip}", [path]);
        }
    }
}
