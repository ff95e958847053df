namespace MmDsl.Runtime.Output.Report;

/// <summary>The report's style sheet, inline: the file needs nothing else to be read.</summary>
internal static class ReportCss
{
    public const string Text = """
        body { font-family: sans-serif; margin: 1.5em; color: #1a1a1a; background: #fff; max-width: 1400px; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; }
        h3 { font-size: 1em; margin: 0 0 .4em 0; font-weight: normal; }
        code, pre, svg text { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        pre { background: #f6f6f6; padding: .5em; margin: .3em 0; overflow-x: auto; font-size: 12px; }
        .step { border-left: 4px solid #9ab; padding: .4em .8em; margin: 1em 0; }
        .step.failed { border-left-color: #c0392b; }
        .step .n { display: inline-block; min-width: 2em; color: #567; }
        .step .cmd { font-weight: bold; white-space: pre-wrap; }
        .step .line { color: #888; font-size: .8em; }
        .same, .gone, .note { color: #666; font-size: .85em; margin: .2em 0; }
        .gone code { color: #a33; }
        svg text { font-size: 11px; fill: #1a1a1a; }
        svg .node rect { fill: #f4f6f8; stroke: #8a9aaa; stroke-width: 1; }
        svg .node.proc rect { fill: #e3ecf7; }
        svg .node.vma rect { fill: #eef3ea; }
        svg .node.folio rect { fill: #f7f1e8; }
        svg .node.changed rect { fill: #ffe9a8; stroke: #c77700; stroke-width: 2; }
        svg .edge { fill: none; stroke: #8a9aaa; stroke-width: 1; }
        svg .edge.swapcache { stroke-dasharray: 4 3; }
        svg .edge.changed { stroke: #c77700; stroke-width: 2; }
        svg .more { fill: #666; }
        .wide, .graph { overflow-x: auto; }
        table { border-collapse: collapse; margin: .4em 0; }
        th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
        th { background: #eef; font-weight: normal; }
        .legend span { display: inline-block; margin-right: 1em; font-size: .85em; }
        .legend .ref, svg .series.ref { color: #1f5fbf; stroke: #1f5fbf; }
        .legend .map, svg .series.map { color: #2e8b3a; stroke: #2e8b3a; }
        .legend .pin, svg .series.pin { color: #c0392b; stroke: #c0392b; }
        svg .series { fill: none; stroke-width: 1.5; }
        svg .series.ref { stroke-width: 4; stroke-opacity: .45; }
        svg .axis { stroke: #888; } svg .step { stroke: #e4e4e4; } svg .tick { font-size: 9px; fill: #777; }
        figure { margin: .6em 0; } figcaption { font-size: .85em; }
        table.diff td { padding: .15em .5em; } table.diff code { white-space: pre-wrap; }
        table.diff tr.disagree td { background: #fde2df; } table.diff tr.disagree td.mark { color: #c0392b; font-weight: bold; }
        table.diff tr.skipped td, table.diff tr.machine td { color: #777; }
        .diff-summary.disagree, p.skipped { color: #c0392b; font-weight: bold; }
        ol.why { font-size: .85em; color: #555; } a.why { color: #557; text-decoration: none; }
        table.beside { width: 100%; table-layout: fixed; } table.beside td { padding: 0 .3em; } table.beside th { font-size: .85em; }
        pre.real { background: #eef4fb; } td.real.differ pre.real { background: #fff4d6; }
        """;
}
