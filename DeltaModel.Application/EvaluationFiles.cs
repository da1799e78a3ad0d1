using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Models;
using DeltaModel.Models.Composition;

namespace DeltaModel.Application;

/// <summary>
/// What an evaluation writes into its phase folder: every series in the formats <c>outputs.formats</c> asks for and,
/// when scored, the metrics — over the split's held-out years only when the config has a <c>split</c>, with the
/// relative error of each held-out annual peak (<c>peaks.csv</c>). One place for a single run, an ensemble mean and a fold.
/// </summary>
internal static class EvaluationFiles
{
    /// <summary>The written files, the metrics (null unless scored) and the peak errors (null without a split).</summary>
    public static (List<string> Files, MetricsTable? Metrics, PeakErrors? Peaks) Write(ExperimentConfig config, string folder, SimulationOutput output,
        float[] observed, HydroDataset dataset, string targetOutput, bool scored, AnnualMaximaSplit? split)
    {
        var files = WriteSeries(config, folder, output, observed, dataset, targetOutput).ToList();
        if (!scored) return (files, null, null);
        var metrics = MetricsTable.Compute(output.Basins, output.Series[targetOutput], Scored(observed, output, split), output.Days);
        files.AddRange(metrics.Write(folder));
        PeakErrors? peaks = null;
        if (split is not null)
        {
            peaks = PeakErrors.Compute(split, output.Basins, output.Start, output.Days, output.Series[targetOutput]);
            files.Add(peaks.Write(folder));
        }
        return (files, metrics, peaks);
    }

    /// <summary>The observations the metrics see: all, or with a split only the held-out years (the rest missing).</summary>
    static float[] Scored(float[] observed, SimulationOutput output, AnnualMaximaSplit? split)
    {
        if (split is null) return observed;
        var keep = split.DayMask(output.Basins, output.Start, output.Days, heldOut: true);
        var scored = (float[])observed.Clone();
        for (long i = 0; i < scored.Length; i++) if (!keep[i]) scored[i] = float.NaN;
        return scored;
    }

    /// <summary>The series files <c>outputs.formats</c> asks for; NetCDF with the basins' coordinates and discharge in m3 s-1.</summary>
    static IEnumerable<string> WriteSeries(ExperimentConfig config, string folder, SimulationOutput output, float[] observed, HydroDataset dataset, string targetOutput)
    {
        var formats = config.Outputs.Formats;
        if (formats.Contains("csv")) foreach (var file in SimulationWriter.WriteCsv(folder, output, observed)) yield return file;
        if (formats.Contains("parquet")) yield return SimulationWriter.WriteParquet(folder, output, observed);
        if (formats.Contains("netcdf"))
        {
            var physics = config.Model.Physics is { } declared ? ModelRegistry.DescribePhysics(declared) : null;
            var units = OutputUnits.For(physics, targetOutput);
            var locations = output.Basins.Select(b => dataset.Locations[dataset.BasinIndex(b)]).ToList();
            yield return NetCdfWriter.Write(Path.Combine(folder, NetCdfWriter.FileName), output, observed, units,
                new NetCdfStations(locations, targetOutput));
        }
    }
}
