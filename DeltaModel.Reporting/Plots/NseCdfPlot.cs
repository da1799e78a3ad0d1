using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// Empirical CDF of per-basin NSE, one curve per experiment: the figure hydrology papers use to compare models over
/// many basins. NSE below −1 is clipped to −1 so a few failed basins do not squash the axis.
/// </summary>
public static class NseCdfPlot
{
    public const double Floor = -1;

    /// <summary>Writes the plot; false when no experiment has a finite NSE (nothing written).</summary>
    public static bool Write(IReadOnlyDictionary<string, double[]> nseByExperiment, string png)
    {
        var plot = new Plot();
        bool any = false;
        foreach (var (name, values) in nseByExperiment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var sorted = values.Where(double.IsFinite).Select(v => Math.Max(v, Floor)).Order().ToArray();
            if (sorted.Length == 0) continue;
            var p = Enumerable.Range(1, sorted.Length).Select(i => (double)i / sorted.Length).ToArray();
            var line = plot.Add.ScatterLine(sorted, p);
            line.LegendText = $"{name} (n={sorted.Length})";
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            any = true;
        }
        if (!any) return false;
        plot.Title("CDF of per-basin NSE (test)");
        plot.XLabel($"NSE (values below {Floor} shown at {Floor})");
        plot.YLabel("fraction of basins");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.SavePng(plot, png);
        return true;
    }
}
