using System.Text;
using MmDsl.Runtime.Output.Graph;

namespace MmDsl.Runtime.Output.Report;

/// <summary>One step as the page shows it, for one kernel (or the several that agree on it); with a real kernel's run, what that printed for the command.</summary>
internal sealed record StepView(int Number, int Line, string Command, string Output, GraphModel Graph, GraphModel? Previous, bool Failed, RealStep? Real = null);

/// <summary>What the real kernel printed for a step's command; null <see cref="Output"/> when its run stopped before the command.</summary>
internal sealed record RealStep(string? Output);

/// <summary>A row of the simulated-against-real table: the marker is <c>*</c> (disagree), <c>-</c> (skipped), <c>~</c> (machine-specific) or empty (agree).</summary>
internal sealed record RealRow(string Key, int Depth, string Simulated, string Real, string Marker, string? Why);

/// <summary>
/// A real kernel's answers as the page shows them: the kernel, the simulated kernel, the table of
/// rows and its summary, notes on the run, the output of commands after the simulated run stopped,
/// or why the real kernel did not run the script.
/// </summary>
internal sealed record RealView(
    string Header,
    string Simulated,
    IReadOnlyList<RealRow> Rows,
    string Summary,
    IReadOnlyList<string> Notes,
    IReadOnlyList<(int Number, string Output)> After,
    string? Skipped);

/// <summary>A column of a step where kernels disagree: the kernels, and the step under them.</summary>
internal sealed record EraColumn(string Eras, StepView Step);

/// <summary>A timeline's samples: the step each belongs to, and the counts of each folio head then.</summary>
internal sealed record TimelineData(string Caption, IReadOnlyList<(int Step, IReadOnlyDictionary<int, (int Ref, int Map, int Pin)> Counts)> Samples);

/// <summary>
/// The report as one self-contained page: markup that is also well-formed XML, the style sheet and
/// every picture inline (SVG), no script, no link outside the page. The same runs give the same bytes.
/// </summary>
internal static class ReportHtml
{
    /// <summary>Timelines drawn at most.</summary>
    public const int MaxTimelines = 8;

    public static string Write(string title, string summary, IReadOnlyList<string>? eraTable, IReadOnlyList<IReadOnlyList<EraColumn>> steps, TimelineData? timelines, RealView? real = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        sb.Append($"<title>{Xml.Escape(title)}</title>\n<style>\n{ReportCss.Text}\n</style>\n</head>\n<body>\n");
        sb.Append($"<h1>{Xml.Escape(title)}</h1>\n<p class=\"summary\">{Xml.Escape(summary)}</p>\n");
        sb.Append("<p class=\"note\">Each step is a command of the script, what it printed, and who maps what after it: processes, VMAs, page-table entries (runs of like entries folded) and folios. What is new or changed since the previous step is highlighted.");
        if (timelines is not null)
        {
            sb.Append(" <a href=\"#timelines\">Timelines</a> of the folios whose counts change are at the end.");
        }
        sb.Append("</p>\n");
        if (eraTable is not null)
        {
            sb.Append("<section id=\"eras\">\n<h2>Eras</h2>\n<p class=\"note\">A row per expect and print, a column per era; * marks the rows where eras differ.</p>\n");
            sb.Append($"<pre class=\"eras\">{Xml.Escape(string.Join("\n", eraTable))}</pre>\n</section>\n");
        }
        if (real is not null)
        {
            Real(sb, real);
        }
        sb.Append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        foreach (var columns in steps)
        {
            Step(sb, columns, real);
        }
        if (real is { After.Count: > 0 })
        {
            sb.Append("<section class=\"real-after\" id=\"real-after\">\n<h3>After the simulated run stopped</h3>\n");
            foreach (var (number, output) in real.After)
            {
                sb.Append($"<p class=\"note\">Step {number}, on the real kernel:</p>\n<pre class=\"real\">{Xml.Escape(output.TrimEnd('\n'))}</pre>\n");
            }
            sb.Append("</section>\n");
        }
        sb.Append("</section>\n");
        if (timelines is not null)
        {
            Timelines(sb, timelines);
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The real kernel, then every print, expect and query row, simulated against real, disagreements marked.</summary>
    private static void Real(StringBuilder sb, RealView real)
    {
        sb.Append("<section id=\"real\">\n<h2>Real kernel</h2>\n");
        sb.Append($"<p class=\"kernel\">Simulated <b>{Xml.Escape(real.Simulated)}</b> against the real kernel: <b class=\"real-kernel\">{Xml.Escape(real.Header)}</b>.</p>\n");
        if (real.Skipped is { } why)
        {
            sb.Append($"<p class=\"skipped\">The real kernel did not run the script: {Xml.Escape(why)}</p>\n</section>\n");
            return;
        }
        sb.Append("<p class=\"note\">A row per print and expect (the queries they evaluated under them, and the commands that did not return ok), matched by their text. * marks a disagreement, - a row the real kernel cannot show, ~ a value each machine has its own of (a pfn). Each step below shows what the real kernel printed for its command beside the simulator's output.</p>\n");
        if (real.Rows.Count == 0)
        {
            sb.Append("<p class=\"same\">No print or expect to compare.</p>\n");
        }
        else
        {
            var reasons = new List<string>();
            sb.Append("<div class=\"wide\"><table class=\"diff\">\n<tr><th>row</th><th>simulated</th><th>real</th><th></th></tr>\n");
            foreach (var row in real.Rows)
            {
                var cls = row.Marker switch { "*" => "disagree", "-" => "skipped", "~" => "machine", _ => "agree" };
                var cell = Xml.Escape(row.Real);
                if (row.Why is { } reason)
                {
                    var n = reasons.IndexOf(reason);
                    if (n < 0)
                    {
                        reasons.Add(reason);
                        n = reasons.Count - 1;
                    }
                    cell += $" <a class=\"why\" href=\"#why-{n + 1}\">[{n + 1}]</a>";
                }
                var indent = row.Depth > 0 ? $" style=\"padding-left:{0.5 + 1.5 * row.Depth}em\"" : string.Empty;
                sb.Append($"<tr class=\"{cls}\"><td{indent}><code>{Xml.Escape(row.Key)}</code></td><td><code>{Xml.Escape(row.Simulated)}</code></td><td><code>{cell}</code></td><td class=\"mark\">{Xml.Escape(row.Marker)}</td></tr>\n");
            }
            sb.Append("</table></div>\n");
            if (reasons.Count > 0)
            {
                sb.Append("<ol class=\"why\">\n");
                for (var i = 0; i < reasons.Count; i++)
                {
                    sb.Append($"<li id=\"why-{i + 1}\">{Xml.Escape(reasons[i])}</li>\n");
                }
                sb.Append("</ol>\n");
            }
        }
        sb.Append($"<p class=\"diff-summary{(real.Rows.Any(r => r.Marker == "*") ? " disagree" : string.Empty)}\">{Xml.Escape(real.Summary)}</p>\n");
        foreach (var note in real.Notes)
        {
            sb.Append($"<p class=\"note\">{Xml.Escape(note)}</p>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Step(StringBuilder sb, IReadOnlyList<EraColumn> columns, RealView? real)
    {
        var first = columns[0].Step;
        var failed = columns.Any(c => c.Step.Failed);
        sb.Append($"<section class=\"step{(failed ? " failed" : string.Empty)}{(columns.Count > 1 ? " differ" : string.Empty)}\" id=\"step-{first.Number}\">\n");
        sb.Append($"<h3><a class=\"n\" href=\"#step-{first.Number}\">{first.Number}</a> <code class=\"cmd\">{Xml.Escape(first.Command)}</code> <span class=\"line\">line {first.Line}</span></h3>\n");
        if (columns.Count == 1)
        {
            Body(sb, first, real);
        }
        else
        {
            sb.Append("<p class=\"note\">The eras differ here: a column per distinct outcome.</p>\n<div class=\"wide\"><table class=\"eras-differ\">\n<tr>");
            foreach (var c in columns)
            {
                sb.Append($"<th>{Xml.Escape(c.Eras)}</th>");
            }
            sb.Append("</tr>\n<tr>");
            foreach (var c in columns)
            {
                sb.Append("<td>");
                Body(sb, c.Step, real);
                sb.Append("</td>");
            }
            sb.Append("</tr>\n</table></div>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Body(StringBuilder sb, StepView step, RealView? real)
    {
        if (step.Real is { } realStep && real is not null)
        {
            Beside(sb, step, realStep, real);
        }
        else if (step.Output.Length > 0)
        {
            sb.Append($"<pre class=\"out\">{Xml.Escape(step.Output.TrimEnd('\n'))}</pre>\n");
        }
        var previous = step.Previous is null ? null : GraphSvg.Keys(step.Previous);
        var keys = GraphSvg.Keys(step.Graph);
        if (previous is not null && previous.SetEquals(keys))
        {
            sb.Append("<p class=\"same\">The state is as after the previous step.</p>\n");
            return;
        }
        if (step.Graph.Processes.Count == 0 && step.Graph.Folios.Count == 0)
        {
            sb.Append("<p class=\"same\">No processes, no folios.</p>\n");
        }
        else
        {
            sb.Append($"<div class=\"graph\">{GraphSvg.Draw(step.Graph, previous)}</div>\n");
        }
        if (step.Previous is { } before)
        {
            Gone(sb, before, step.Graph, keys);
        }
    }

    /// <summary>The simulator's output and the real kernel's for the step's command, side by side; the real one marked where its text differs.</summary>
    private static void Beside(StringBuilder sb, StepView step, RealStep realStep, RealView real)
    {
        var simulated = step.Output.TrimEnd('\n');
        var differs = realStep.Output is { } text && text.TrimEnd('\n') != simulated;
        sb.Append("<table class=\"beside\">\n<tr>");
        sb.Append($"<th>simulated {Xml.Escape(real.Simulated)}</th><th>{Xml.Escape(real.Header)}{(differs ? " (prints otherwise)" : string.Empty)}</th></tr>\n<tr>");
        sb.Append(simulated.Length > 0 ? $"<td><pre class=\"out\">{Xml.Escape(simulated)}</pre></td>" : "<td><p class=\"same\">(nothing)</p></td>");
        sb.Append(realStep.Output switch
        {
            null => "<td class=\"real\"><p class=\"same\">The real kernel's run stopped before this command.</p></td>",
            { Length: 0 } => "<td class=\"real\"><p class=\"same\">(nothing)</p></td>",
            var t => $"<td class=\"real{(differs ? " differ" : string.Empty)}\"><pre class=\"real\">{Xml.Escape(t.TrimEnd('\n'))}</pre></td>",
        });
        sb.Append("</tr>\n</table>\n");
    }

    /// <summary>What the previous step had and this one has not: entry runs unmapped or changed, folios freed.</summary>
    private static void Gone(StringBuilder sb, GraphModel before, GraphModel now, HashSet<string> keys)
    {
        var heads = now.Folios.Select(f => f.Head).ToHashSet();
        var gone = before.Entries.Where(e => !keys.Contains(e.Key)).Select(e => $"{e.Process}: {e.Source} -> {GraphText.Target(before, e)}")
            .Concat(before.Folios.Where(f => !heads.Contains(f.Head)).Select(f => $"{f.Name} freed"))
            .ToList();
        if (gone.Count == 0)
        {
            return;
        }
        var shown = gone.Take(12).Select(g => $"<code>{Xml.Escape(g)}</code>");
        sb.Append($"<p class=\"gone\">Gone or changed since the previous step: {string.Join(", ", shown)}{(gone.Count > 12 ? $" and {gone.Count - 12} more" : string.Empty)}</p>\n");
    }

    private static void Timelines(StringBuilder sb, TimelineData data)
    {
        var (shown, more) = TimelineSvg.Select(data.Samples, MaxTimelines);
        sb.Append("<section id=\"timelines\">\n<h2>Timelines</h2>\n");
        sb.Append($"<p class=\"note\">{Xml.Escape(data.Caption)} Each chart has a sample after every step, and after every command inside a loop of a step; grey lines mark where steps begin.</p>\n");
        sb.Append("<p class=\"legend\"><span class=\"ref\">&#8212; refcount</span><span class=\"map\">&#8212; mapcount</span><span class=\"pin\">&#8212; pins</span></p>\n");
        if (shown.Count == 0)
        {
            sb.Append("<p class=\"same\">No folio's counts change.</p>\n");
        }
        foreach (var s in shown)
        {
            var present = s.Values.Where(v => v is not null).Select(v => v!.Value).ToList();
            string Range(Func<(int Ref, int Map, int Pin), int> pick, string name) =>
                $"{name} {pick(present[0])} to {pick(present[^1])} (highest {present.Max(pick)})";
            var caption = $"folio {Fmt.Pfn(s.Head)}: {Range(v => v.Ref, "refcount")}, {Range(v => v.Map, "mapcount")}, {Range(v => v.Pin, "pins")}";
            sb.Append($"<figure class=\"timeline\" id=\"folio-{Fmt.Pfn(s.Head)}\">{TimelineSvg.Draw(s)}<figcaption>{Xml.Escape(caption)}</figcaption></figure>\n");
        }
        if (more > 0)
        {
            sb.Append($"<p class=\"note\">{more} more folios change; the {MaxTimelines} that change most are drawn.</p>\n");
        }
        sb.Append("</section>\n");
    }
}
