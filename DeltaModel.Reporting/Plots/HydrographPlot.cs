using System.Globalization;
using DeltaModel.Core.Outputs;
using ScottPlot;

namespace DeltaModel.Reporting.Plots;

/// <summary>
/// Observed vs simulated streamflow of chosen basins, read from the long-format test/simulation.csv
/// (<c>basin,date,observed,streamflow,…</c>). The file is streamed once for all basins, since it can hold millions of rows.
/// </summary>
public static class HydrographPlot
{
    /// <summary>Writes one PNG per entry of <paramref name="basins"/> (basin id → path, title).</summary>
    /// <returns>The basins that had rows in the file (a PNG was written for them).</returns>
    public static IReadOnlyList<string> Write(string simulationCsv, IReadOnlyDictionary<string, (string Png, string Title)> basins)
    {
        var table = CsvTable.Open(simulationCsv);
        int basin = table.Column("basin"), date = table.Column("date"), observed = table.Column("observed"), simulated = table.Column("streamflow");
        var series = basins.Keys.ToDictionary(b => b, _ => new List<(double Day, double Obs, double Sim)>());
        foreach (var row in table.Rows())
        {
            if (!series.TryGetValue(row[basin], out var points)) continue;
            if (!DateTime.TryParseExact(row[date], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{simulationCsv}, line {row.Line}: date '{row[date]}' of basin {row[basin]} is not yyyy-MM-dd.");
            points.Add((day.ToOADate(), CsvTable.Number(row[observed]), CsvTable.Number(row[simulated])));
        }

        var written = new List<string>();
        foreach (var (id, points) in series)
        {
            if (points.Count == 0) continue;
            Draw(basins[id].Png, basins[id].Title, "streamflow [mm/d]", points);
            written.Add(id);
        }
        return written;
    }

    /// <summary>
    /// Draws one hydrograph: observed (black) and simulated (blue) against the day (OLE automation date); NaN days are
    /// gaps. Export-DeltaResult draws its in-memory simulations with this too.
    /// </summary>
    public static void Draw(string png, string title, string yLabel, IReadOnlyList<(double Day, double Obs, double Sim)> points)
    {
        var plot = new Plot();
        var obs = points.Where(p => double.IsFinite(p.Obs)).ToArray();
        var sim = points.Where(p => double.IsFinite(p.Sim)).ToArray();
        if (obs.Length > 0)
        {
            var o = plot.Add.ScatterLine(obs.Select(p => p.Day).ToArray(), obs.Select(p => p.Obs).ToArray());
            o.LegendText = "observed";
            o.Color = Colors.Black;
        }
        if (sim.Length > 0)
        {
            var s = plot.Add.ScatterLine(sim.Select(p => p.Day).ToArray(), sim.Select(p => p.Sim).ToArray());
            s.LegendText = "simulated";
            s.Color = Colors.DodgerBlue;
        }
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        PlotFile.SavePng(plot, png, 1200, 450);
    }
}
