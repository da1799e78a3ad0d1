using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Data.Splits;

/// <summary>
/// The <c>annual_maxima</c> rule of section <c>split</c> (the unseen-extremes split): ranks each basin's water-year
/// maxima of the observed target and holds out the years whose Weibull return period exceeds the threshold. The
/// ranking is fixed once from the data (<see cref="Rank"/>); <see cref="DayMask(HydroDataset, bool)"/> turns it into per-basin day masks
/// for any dataset window, so training, validation and testing agree on the years.
/// </summary>
public sealed class AnnualMaximaSplit
{
    readonly Dictionary<string, IReadOnlyList<WaterYearPeak>> years;

    AnnualMaximaSplit(SplitConfig config, Dictionary<string, IReadOnlyList<WaterYearPeak>> years)
    {
        Config = config;
        this.years = years;
    }

    public SplitConfig Config { get; }

    /// <summary>The ranked water years of <paramref name="basin"/>, in calendar order (unranked years left out).</summary>
    public IReadOnlyList<WaterYearPeak> Years(string basin) =>
        years.TryGetValue(basin, out var y) ? y : throw new DataException($"basin '{basin}' was not ranked by the split (not in the data it was ranked on).");

    /// <summary>Ranks the water years of every basin of <paramref name="data"/> from its target.</summary>
    /// <exception cref="DataException">The data do not cover the ranked water years.</exception>
    public static AnnualMaximaSplit Rank(HydroDataset data, SplitConfig config)
    {
        if (data.Start > config.Start || data.End < config.End)
            throw new DataException($"the split ranks water years {config.FirstYear}..{config.LastYear} ({config.Start:yyyy-MM-dd}..{config.End:yyyy-MM-dd}), " +
                                    $"but the data cover only {data.Start:yyyy-MM-dd}..{data.End:yyyy-MM-dd}.");
        var target = data.Target;
        var result = new Dictionary<string, IReadOnlyList<WaterYearPeak>>(StringComparer.Ordinal);
        for (int b = 0; b < data.Basins.Count; b++)
        {
            var peaks = new List<(int Year, double Peak, DateOnly Date)>();
            for (int year = config.FirstYear; year <= config.LastYear; year++)
            {
                int first = data.DayIndex(config.WaterYearStart(year)), last = data.DayIndex(config.WaterYearStart(year + 1).AddDays(-1));
                double peak = double.NegativeInfinity;
                int observed = 0, at = first;
                for (int t = first; t <= last; t++)
                {
                    double v = target[t, b];
                    if (!double.IsFinite(v)) continue;
                    observed++;
                    if (v > peak) { peak = v; at = t; }
                }
                if (observed >= config.MinObservedDays) peaks.Add((year, peak, data.DateAt(at)));
            }
            result[data.Basins[b]] = Ranked(peaks, config.ReturnPeriod);
        }
        return new AnnualMaximaSplit(config, result);
    }

    /// <summary>Weibull ranks of one basin's peaks: rank 1 = largest, ties share the smallest rank (so the same T).</summary>
    static IReadOnlyList<WaterYearPeak> Ranked(List<(int Year, double Peak, DateOnly Date)> peaks, double threshold)
    {
        int n = peaks.Count;
        return peaks.Select(p =>
        {
            int rank = 1 + peaks.Count(q => q.Peak > p.Peak);
            double T = (n + 1.0) / rank;
            return new WaterYearPeak(p.Year, p.Peak, p.Date, rank, T, HeldOut: T > threshold);
        }).ToList();
    }

    /// <summary>
    /// Days of <paramref name="data"/> (time-major <c>[T, B]</c>, true = kept) that lie in a ranked water year of their
    /// basin on the chosen side: the training years (T ≤ threshold) or the held-out years (T &gt; threshold).
    /// </summary>
    public bool[] DayMask(HydroDataset data, bool heldOut) => DayMask(data.Basins, data.Start, data.DayCount, heldOut);

    /// <summary>As <see cref="DayMask(HydroDataset, bool)"/> for <paramref name="days"/> days of <paramref name="basins"/> from <paramref name="start"/>.</summary>
    public bool[] DayMask(IReadOnlyList<string> basins, DateOnly start, int days, bool heldOut)
    {
        int B = basins.Count, T = days;
        var mask = new bool[(long)T * B];
        for (int b = 0; b < B; b++)
        {
            var chosen = Years(basins[b]).Where(y => y.HeldOut == heldOut).Select(y => y.Year).ToHashSet();
            for (int t = 0; t < T; t++)
            {
                var date = start.AddDays(t);
                if (date >= Config.Start && date <= Config.End && chosen.Contains(Config.WaterYearOf(date))) mask[(long)t * B + b] = true;
            }
        }
        return mask;
    }

    /// <summary><paramref name="data"/> with its target set to missing outside <paramref name="keep"/> (a <see cref="DayMask(HydroDataset, bool)"/>).</summary>
    public static HydroDataset Masked(HydroDataset data, bool[] keep)
    {
        var target = data.Target;
        var values = (float[])target.Values.Clone();
        for (long i = 0; i < values.Length; i++) if (!keep[i]) values[i] = float.NaN;
        return data.WithVariable(new DynamicVariable(target.Name, target.Unit, target.Days, target.Basins, values));
    }
}
