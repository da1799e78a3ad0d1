using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// Empirical CDFs over basins, one curve per entry (a metric, or one experiment's NSE): the figure hydrology papers use
/// to compare runs over many basins. NaN basins are left out; values below <c>floor</c> are drawn at it, so a few
/// failed basins do not squash the axis.
/// </summary>
public static class CdfPlot
{
    /// <summary>Writes the plot; false when no curve has a finite value (nothing drawn, nothing written).</summary>
    /// <param name="curves">Legend name → one value per basin, drawn in this order.</param>
    public static bool Write(string png, IEnumerable<KeyValuePair<string, double[]>> curves, string title, string xLabel,
        double floor = double.NegativeInfinity)
    {
        var plot = new Plot();
        bool any = false;
        foreach (var (name, values) in curves)
        {
            var sorted = values.Where(double.IsFinite).Select(v => Math.Max(v, floor)).Order().ToArray();
            if (sorted.Length == 0) continue;
            var p = Enumerable.Range(1, sorted.Length).Select(i => (double)i / sorted.Length).ToArray();
            var line = plot.Add.ScatterLine(sorted, p);
            line.LegendText = $"{name} (n={sorted.Length})";
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            any = true;
        }
        if (!any) return false;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("fraction of basins");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.SavePng(plot, png);
        return true;
    }
}
