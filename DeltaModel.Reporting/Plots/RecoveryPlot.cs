using System.Globalization;
using DeltaModel.Core.Metrics;
using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// A twin experiment's recovered parameter: each basin's (site's) learned value against its true value, with the 1:1
/// line and R², bias and RMSE in the title (<see cref="ParameterRecovery"/>).
/// </summary>
public static class RecoveryPlot
{
    /// <summary>Writes the plot; false when no basin has a finite pair (nothing drawn, nothing written).</summary>
    public static bool Write(string png, ParameterRecovery recovery, string title)
    {
        var pairs = recovery.True.Zip(recovery.Learned).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        if (pairs.Length == 0) return false;
        var plot = new Plot();
        double lo = pairs.Min(p => Math.Min(p.First, p.Second)), hi = pairs.Max(p => Math.Max(p.First, p.Second));
        double pad = 0.05 * Math.Max(hi - lo, 1e-9);
        var identity = plot.Add.Line(lo - pad, lo - pad, hi + pad, hi + pad);
        identity.LegendText = "1:1";
        identity.LinePattern = LinePattern.Dashed;
        var points = plot.Add.ScatterPoints(pairs.Select(p => p.First).ToArray(), pairs.Select(p => p.Second).ToArray());
        points.LegendText = $"basins (n={pairs.Length})";
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        plot.Title($"{title}: R² {F(recovery.R2)}, bias {F(recovery.Bias)}, RMSE {F(recovery.Rmse)}");
        plot.XLabel($"true {recovery.Parameter} ({recovery.Attribute})");
        plot.YLabel($"learned {recovery.Parameter}");
        plot.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad);
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.SavePng(plot, png, PlotFile.Height + 100, PlotFile.Height);
        return true;
    }
}
