using System.Globalization;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// A claim the benchmarks must settle, with its threshold: the median of one run's metric (<see cref="Run"/>), the
/// median paired difference of a pair (<see cref="Pair"/>), or the share of basins where a run beats the published
/// reference (<see cref="Reference"/>). Exactly one of the three is set. Where the measurement misses the threshold the
/// report prints <see cref="WhyMissed"/> beside it — the measurement that explains the miss, kept next to the claim in
/// the committed benchmarks file instead of in a note that drifts from the numbers.
/// </summary>
/// <param name="Claim">The target as a reader states it ("δHBV 1.0 temporal median NSE ≥ 0.55").</param>
/// <param name="AtLeast">Threshold; met when the measured value is ≥ it.</param>
public sealed record BenchmarkTarget(string Claim, string Metric, double AtLeast, string? Run = null, string? Pair = null,
    string? Reference = null, string? WhyMissed = null)
{
    /// <summary>What the measured value is, for the report's table.</summary>
    public string Measure => Run is not null ? $"median {Metric} of {Run}"
        : Pair is not null ? $"median paired {Metric} difference, {Pair}"
        : $"share of basins where {Reference} beats the reference ({Metric})";

    /// <summary>The measured value and whether it meets the threshold; null with the reason where it cannot be measured yet.</summary>
    public (double Value, bool Met)? Evaluate(BenchmarkSpec spec, Func<string, BenchmarkRun> run, PublishedReference? published, out string? missing)
    {
        missing = null;
        double? value = null;
        if (Run is { } name)
        {
            var r = run(name);
            if (r.HasMetrics) value = BasinStatistics.Median(r.Values(Metric).Values);
            else missing = $"{name}: {r.Missing}";
        }
        else if (Pair is { } pairName)
        {
            var pair = spec.Pairs.Single(p => p.Name == pairName);
            var (a, b) = (run(pair.A), run(pair.B));
            if (a.HasMetrics && b.HasMetrics) value = PairedDifference.Of(a.Values(Metric), b.Values(Metric))?.MedianDifference;
            else missing = string.Join("; ", new[] { a, b }.Where(x => !x.HasMetrics).Select(x => $"{x.Name}: {x.Missing}"));
        }
        else
        {
            var r = run(Reference!);
            if (published?.Of(Metric) is not { } values) missing = "the published reference is not on this machine";
            else if (!r.HasMetrics) missing = $"{Reference}: {r.Missing}";
            else value = PairedDifference.Of(r.Values(Metric), values)?.ShareABetter;
        }
        if (value is not { } v || !double.IsFinite(v)) { missing ??= "no basin in common"; return null; }
        return (v, v >= AtLeast);
    }

    /// <summary>The value in the threshold's terms: a share as a percentage, anything else to three decimals.</summary>
    public string Format(double value) => Reference is not null
        ? $"{(value * 100).ToString("0", CultureInfo.InvariantCulture)} %"
        : value.ToString("0.000", CultureInfo.InvariantCulture);
}
