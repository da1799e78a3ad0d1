using System.Globalization;
using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Reporting.Comparison;

/// <summary>
/// One published result set against ours. Pass/fail is decided here, from the published value, its tolerance and our
/// value (taken from results.json's <c>expected[].ours</c>, else from the evaluation summary), so the report does not
/// depend on the runner having judged it.
/// </summary>
public sealed record ExpectedComparison(string Experiment, string Metric, string Statistic, double Published, double Tolerance,
    double? Ours, string Source)
{
    public double Low => Published - Tolerance;
    public double High => Published + Tolerance;

    /// <summary>Ours lies within the published value ± tolerance; a missing or NaN value fails.</summary>
    public bool Pass => Ours is { } o && !double.IsNaN(o) && Math.Abs(o - Published) <= Tolerance + 1e-12;

    /// <summary>One line for a build log: experiment, metric, ours, published, band, source.</summary>
    public string Describe() =>
        $"{Experiment}: {Metric} {Statistic} = {Format(Ours)} (ours), published {Format(Published)} ± {Format(Tolerance)} " +
        $"(band {Format(Low)} to {Format(High)}){(Source.Length > 0 ? $", {Source}" : "")}: {(Pass ? "pass" : "FAIL")}";

    /// <summary>The comparisons of one run.</summary>
    public static IReadOnlyList<ExpectedComparison> From(RunResults results) =>
        results.Expected.Select(e => new ExpectedComparison(results.Experiment, e.Metric, e.Statistic, e.Value, e.Tolerance,
            e.Ours ?? SummaryValue(results, e.Metric, e.Statistic), e.Source)).ToList();

    static double? SummaryValue(RunResults r, string metric, string statistic) =>
        r.Evaluation?.Metric(metric)?.Get(statistic);

    internal static string Format(double? v) => v switch
    {
        null => "n/a",
        { } x when double.IsNaN(x) => "NaN",
        { } x => x.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
