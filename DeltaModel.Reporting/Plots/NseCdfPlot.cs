namespace DeltaModel.Reporting.Plots;

/// <summary>CDF of per-basin test NSE, one curve per experiment (experiments/nse_cdf.png), NSE below −1 shown at −1.</summary>
public static class NseCdfPlot
{
    public const double Floor = -1;

    /// <summary>Writes the plot; false when no experiment has a finite NSE (nothing written).</summary>
    public static bool Write(IReadOnlyDictionary<string, double[]> nseByExperiment, string png) =>
        CdfPlot.Write(png, nseByExperiment.OrderBy(kv => kv.Key, StringComparer.Ordinal), "CDF of per-basin NSE (test)",
            $"NSE (values below {Floor} shown at {Floor})", Floor);
}
