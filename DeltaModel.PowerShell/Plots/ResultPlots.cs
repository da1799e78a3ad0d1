using DeltaModel.Core.Outputs;
using DeltaModel.PowerShell.Model;
using ScottPlot;

namespace DeltaModel.PowerShell.Plots;

/// <summary>
/// The two figures Export-DeltaResult draws: a basin's hydrograph (observed against simulated) and the cumulative
/// distribution of a metric over basins, the usual way δ-model papers compare runs. PNGs are written atomically.
/// </summary>
internal static class ResultPlots
{
    const int Width = 1000, Height = 400;

    /// <summary>Observed (points, gaps skipped) and simulated streamflow of one basin [mm/d].</summary>
    public static void Hydrograph(string path, SimulationResult sim)
    {
        var plot = new Plot();
        var dates = sim.Dates.Select(d => d.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
        if (sim.Observed is { } observed)
        {
            var present = Enumerable.Range(0, sim.Days).Where(t => !float.IsNaN(observed[t])).ToArray();
            var obs = plot.Add.Scatter(present.Select(t => dates[t]).ToArray(), present.Select(t => (double)observed[t]).ToArray());
            obs.LineWidth = 0;
            obs.MarkerSize = 3;
            obs.LegendText = "observed";
        }
        var simulated = plot.Add.Scatter(dates, sim.Streamflow.Select(v => (double)v).ToArray());
        simulated.MarkerSize = 0;
        simulated.LegendText = $"simulated {sim.Target}";
        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{sim.Basin} {sim.Start:yyyy-MM-dd}..{sim.End:yyyy-MM-dd}");
        plot.YLabel($"{sim.Target} [mm/d]");
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
    }

    /// <summary>Empirical CDF of each named metric over basins (NaN basins left out).</summary>
    public static void MetricCdf(string path, IReadOnlyList<BasinMetricResult> metrics, IReadOnlyList<string> names)
    {
        var plot = new Plot();
        foreach (var name in names)
        {
            var values = metrics.Select(m => m.Get(name)).Where(double.IsFinite).Order().ToArray();
            if (values.Length == 0) continue;
            var fractions = Enumerable.Range(1, values.Length).Select(i => (double)i / values.Length).ToArray();
            var line = plot.Add.Scatter(values, fractions);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LegendText = name;
        }
        plot.Title($"metric CDF over {metrics.Count} basins");
        plot.XLabel("value");
        plot.YLabel("fraction of basins");
        plot.Axes.SetLimitsX(-1, 1);
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Height + 200, Height, ImageFormat.Png));
    }
}
