namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>What a judge made of one scenario.</summary>
internal abstract record Verdict
{
    /// <summary>Both answers (or every era and the oracle) agree.</summary>
    public sealed record Agree : Verdict;

    /// <summary>The scenario says nothing: it did not parse, was skipped, or stopped on the same error on both sides.</summary>
    public sealed record Invalid(string Why) : Verdict;

    /// <summary>
    /// A finding. KIND is what disagrees (a query's name, <c>outcome of mremap</c>, <c>invariant</c>,
    /// <c>private memory</c>), ROW the first row that shows it, EXPECTED and ACTUAL the two answers
    /// (simulator and host, or the oracle and the simulator), DETAIL the lines to keep with it.
    /// </summary>
    public sealed record Disagree(string Kind, string Row, string Simulated, string Other, IReadOnlyList<string> Detail) : Verdict
    {
        /// <summary>What every disagreeing row is about (<see cref="RowKinds.Of"/>), the first row's first.</summary>
        public IReadOnlyList<string> Kinds { get; init; } = [];

        /// <summary>The kind without the step it follows: <c>present</c> for <c>present after munmap</c>.</summary>
        public string BaseKind => Kind.Split(" after ", 2)[0];
    }
}

/// <summary>Decides whether a scenario's text shows a disagreement.</summary>
internal interface IScenarioJudge
{
    /// <summary>How the judge is named in reports: <c>host Linux 6.18.44</c>, <c>simulator, 7 eras</c>.</summary>
    string Name { get; }

    /// <summary>The label of the second answer in a finding: <c>host</c>, <c>oracle</c>.</summary>
    string OtherLabel { get; }

    Verdict Judge(string text);

    /// <summary>A judge for shrinking FINDING: narrowed to where it was seen (one era), or this one.</summary>
    IScenarioJudge For(Verdict.Disagree finding);
}
