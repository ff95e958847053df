using System.Text;
using MmDsl.Runtime.Output.Graph;

namespace MmDsl.Runtime.Output.Report;

/// <summary>One step as the page shows it, for one kernel (or the several that agree on it).</summary>
internal sealed record StepView(int Number, int Line, string Command, string Output, GraphModel Graph, GraphModel? Previous, bool Failed);

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

    public static string Write(string title, string summary, IReadOnlyList<string>? eraTable, IReadOnlyList<IReadOnlyList<EraColumn>> steps, TimelineData? timelines)
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
        sb.Append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        foreach (var columns in steps)
        {
            Step(sb, columns);
        }
        sb.Append("</section>\n");
        if (timelines is not null)
        {
            Timelines(sb, timelines);
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Step(StringBuilder sb, IReadOnlyList<EraColumn> columns)
    {
        var first = columns[0].Step;
        var failed = columns.Any(c => c.Step.Failed);
        sb.Append($"<section class=\"step{(failed ? " failed" : string.Empty)}{(columns.Count > 1 ? " differ" : string.Empty)}\" id=\"step-{first.Number}\">\n");
        sb.Append($"<h3><a class=\"n\" href=\"#step-{first.Number}\">{first.Number}</a> <code class=\"cmd\">{Xml.Escape(first.Command)}</code> <span class=\"line\">line {first.Line}</span></h3>\n");
        if (columns.Count == 1)
        {
            Body(sb, first);
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
                Body(sb, c.Step);
                sb.Append("</td>");
            }
            sb.Append("</tr>\n</table></div>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Body(StringBuilder sb, StepView step)
    {
        if (step.Output.Length > 0)
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
