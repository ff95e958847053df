using System.Globalization;
using System.Text.RegularExpressions;
using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Exploring;

/// <summary>
/// What <c>mmdsl explore</c> prints for one kernel: the world, the states by depth, the cost, and
/// each rule broken with the shortest script that breaks it and that script's run, traced from its
/// last operation. Nothing in it depends on time or on the number of workers.
/// </summary>
internal static partial class ExploreReport
{
    public static void Write(TextWriter output, ExploreRoot root, ExploreResult result, bool reproduce = true, Func<ISnippetHost>? snippets = null)
    {
        var world = root.World;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"explore {world.Path} under {root.Kernel(result.Era)}: depth {world.Depth}, processes {string.Join(" ", world.Processes)}, " +
            $"mappings {string.Join(" ", root.Mappings.Select(m => $"{m.Name} ({Size(m.Size)})"))}");
        output.WriteLine($"  operations: {string.Join(" ", world.Ops.Select(o => o.Name()))}");
        if (result.Walks is { } walks)
        {
            output.WriteLine($"  random walks: {walks.ToString("N0", inv)} of up to {world.Depth} operations, seed {result.Seed} (a sample, not the whole space)");
        }
        output.WriteLine($"  states: {result.States.ToString("N0", inv)} ({string.Join(", ", result.NewStatesByDepth.Select((n, d) => $"{n.ToString("N0", inv)} new at depth {d + 1}"))}); transitions: {result.Transitions.ToString("N0", inv)}");
        output.WriteLine($"  cost over the transitions: {result.Cost.Copies.ToString("N0", inv)} pages copied, {result.Cost.Faults.ToString("N0", inv)} faults, {result.Cost.Pages.ToString("N0", inv)} pages allocated");
        if (result.StopReason is { } why)
        {
            output.WriteLine($"  {why}: the search is not complete to depth {world.Depth}");
        }
        if (result.Findings.Count == 0)
        {
            output.WriteLine(result.Walks is { } n
                ? $"  no violation in {n.ToString("N0", inv)} random walks"
                : $"  no violation up to depth {result.Depth}{(result.Stopped ? " (of the part explored)" : "")}");
            return;
        }
        foreach (var finding in result.Findings)
        {
            output.WriteLine();
            output.WriteLine($"  {ExploreOracle.Describe(finding.Violation.Kind)}: {finding.Violation.Message}");
            output.WriteLine($"  after {finding.Path.Count} operation{(finding.Path.Count == 1 ? "" : "s")}; {finding.Count.ToString("N0", inv)} transition{(finding.Count == 1 ? "" : "s")} broke it. The shortest script:");
            var script = Script(root, result, finding);
            foreach (var line in script.TrimEnd().Split('\n'))
            {
                output.WriteLine(line.Length == 0 ? "" : "    " + line);
            }
            if (reproduce)
            {
                output.WriteLine("  its run:");
                var run = new StringWriter { NewLine = "\n" };
                // Beside the world, so that what the setup includes or loads is found as from the world.
                var found = new SourceText(Path.GetFileNameWithoutExtension(world.Path) + "-found.mm", script)
                {
                    BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(world.Path)),
                };
                ScriptRunner.Run(found, new RunOptions { NoCSharp = snippets is null, Snippets = snippets }, run);
                foreach (var line in run.ToString().TrimEnd().Split('\n'))
                {
                    output.WriteLine(line.Length == 0 ? "" : "    " + line);
                }
            }
        }
    }

    /// <summary>
    /// A script that shows the finding on its own: the kernel, the setup's commands (without its
    /// comments and <c># explore:</c> lines), the operations with <c>trace on</c> before the last one, and the
    /// failing <c>expect</c> (or <c>check</c>).
    /// </summary>
    public static string Script(ExploreRoot root, ExploreResult result, ExploreFinding finding)
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine($"# {ExploreOracle.Describe(finding.Violation.Kind)}: {finding.Violation.Message}");
        w.WriteLine($"# found by mmdsl explore {Path.GetFileName(root.World.Path)} under {root.Kernel(result.Era)}");
        if (root.Policy is null)
        {
            // The setup's own kernel line chose a policy, else the search ran under this version.
            w.WriteLine($"kernel {result.Version}");
        }
        foreach (var line in root.World.Text.Replace("\r", "").TrimEnd().Split('\n'))
        {
            if (!line.TrimStart().StartsWith('#') && (root.Policy is not null || !KernelLine().IsMatch(line)) && line.Trim().Length > 0)
            {
                w.WriteLine(line);
            }
        }
        for (var i = 0; i < finding.Path.Count; i++)
        {
            if (i == finding.Path.Count - 1)
            {
                w.WriteLine("trace on");
            }
            w.WriteLine(finding.Path[i].Text);
        }
        if (finding.Path.Count > 0)
        {
            w.WriteLine("trace off");
        }
        w.WriteLine(finding.Violation.Expect);
        return w.ToString();
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}G",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}M",
        _ when bytes % 1024 == 0 => $"{bytes >> 10}K",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^\s*kernel\s")]
    private static partial Regex KernelLine();
}
