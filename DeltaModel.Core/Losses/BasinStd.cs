using DeltaModel.Core.Data;

namespace DeltaModel.Core.Losses;

/// <summary>σ_b of every training basin for the NSE-batch losses (spec §4).</summary>
public static class BasinStd
{
    /// <summary>
    /// Population standard deviation (ddof 0, as NumPy's <c>nanstd</c>) of each basin's target over its observed days,
    /// computed in double precision with a two-pass formula.
    /// <para>
    /// Pass the training target <em>as loaded</em>, warm-up input days included and in the unit the loss compares
    /// (mm/d for δHBV, normalized units for a pure network): that is δMG's choice, which spec §10 item 24 flags; we keep
    /// it for comparability and document it here and in docs/deviations.md.
    /// </para>
    /// <para>
    /// A basin without any observed day gets σ = 0 rather than NumPy's NaN: every one of its loss terms is masked, so
    /// σ never enters a value, and a NaN in the lookup table would only hide real problems. One observed day gives 0 too.
    /// </para>
    /// </summary>
    /// <returns><c>double[basins]</c>, each ≥ 0, never NaN.</returns>
    public static double[] FromTrainingTarget(DynamicVariable target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var std = new double[target.Basins];
        for (int b = 0; b < target.Basins; b++)
        {
            double sum = 0;
            int n = 0;
            for (int t = 0; t < target.Days; t++)
            {
                double v = target[t, b];
                if (double.IsFinite(v)) { sum += v; n++; }
            }
            if (n == 0) continue;
            double mean = sum / n, ss = 0;
            for (int t = 0; t < target.Days; t++)
            {
                double v = target[t, b];
                if (double.IsFinite(v)) ss += (v - mean) * (v - mean);
            }
            std[b] = Math.Sqrt(ss / n);
        }
        return std;
    }
}
