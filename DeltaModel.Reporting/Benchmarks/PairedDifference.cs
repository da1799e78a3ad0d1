namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// A minus B per basin over the basins both have a finite value for: the medians of each on those basins, the median of
/// the differences with its bootstrap 95 % interval, and the share of basins where A is higher (better, for the skill
/// scores compared here).
/// </summary>
public sealed record PairedDifference(int Basins, double MedianA, double MedianB, double MedianDifference, double Low, double High,
    double ShareABetter, IReadOnlyList<(string Basin, double Difference)> PerBasin)
{
    /// <summary>Pairs the two by basin id; null when no basin has both values.</summary>
    public static PairedDifference? Of(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        var pairs = a.Where(kv => double.IsFinite(kv.Value) && b.TryGetValue(kv.Key, out var v) && double.IsFinite(v))
            .Select(kv => (Basin: kv.Key, A: kv.Value, B: b[kv.Key])).OrderBy(p => p.Basin, StringComparer.Ordinal).ToList();
        if (pairs.Count == 0) return null;
        var differences = pairs.Select(p => p.A - p.B).ToArray();
        var (low, high) = BootstrapInterval.OfMedian(differences);
        return new PairedDifference(pairs.Count, BasinStatistics.Median(pairs.Select(p => p.A)), BasinStatistics.Median(pairs.Select(p => p.B)),
            BasinStatistics.Median(differences), low, high, BasinStatistics.SharePositive(differences),
            pairs.Select((p, i) => (p.Basin, differences[i])).ToList());
    }
}
