using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Metrics;

/// <summary>
/// Writes <c>metrics.csv</c> (one row per basin) and <c>metrics.json</c> (per-metric aggregates), each
/// atomically (<see cref="AtomicFile"/>) so an interrupted run never leaves a truncated file that looks complete.
/// </summary>
public static class MetricsWriter
{
    public const string CsvFileName = "metrics.csv";
    public const string SummaryFileName = "metrics.json";

    /// <summary>Writes both files into <paramref name="directory"/>.</summary>
    /// <param name="basinIds">Basin ids, in the order of <paramref name="metrics"/>.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<string> basinIds, IReadOnlyList<BasinMetrics> metrics) =>
        [WriteCsv(directory, basinIds, metrics), WriteSummary(directory, metrics)];

    /// <summary>Writes <c>metrics.csv</c> (one row per basin) into <paramref name="directory"/>.</summary>
    /// <param name="basinIds">Basin ids, in the order of <paramref name="metrics"/>.</param>
    /// <returns>The path written.</returns>
    public static string WriteCsv(string directory, IReadOnlyList<string> basinIds, IReadOnlyList<BasinMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(basinIds);
        ArgumentNullException.ThrowIfNull(metrics);
        if (basinIds.Count != metrics.Count)
            throw new ArgumentException($"{basinIds.Count} basin ids for {metrics.Count} metric rows; give one id per basin.", nameof(basinIds));
        var csv = Path.Combine(directory, CsvFileName);
        AtomicFile.WriteText(csv, w => WriteCsv(w, basinIds, metrics));
        return csv;
    }

    /// <summary>Writes <c>metrics.json</c> (per-metric aggregates over the basins) into <paramref name="directory"/>.</summary>
    /// <returns>The path written.</returns>
    public static string WriteSummary(string directory, IReadOnlyList<BasinMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var json = Path.Combine(directory, SummaryFileName);
        AtomicFile.WriteAllBytes(json, SummaryJson(MetricsSummary.FromBasins(metrics)));
        return json;
    }

    /// <summary>
    /// Columns: <c>basin</c>, the metric names, <c>n_obs</c> (days scored) and <c>missing</c> (why values are NaN,
    /// "metric, metric: reason" groups joined by "; "). Invariant culture, round-trip doubles, <c>NaN</c> for missing.
    /// </summary>
    static void WriteCsv(TextWriter w, IReadOnlyList<string> basinIds, IReadOnlyList<BasinMetrics> metrics)
    {
        w.WriteLine("basin," + string.Join(",", BasinMetrics.Names) + ",n_obs,missing");
        var line = new StringBuilder();
        for (int b = 0; b < metrics.Count; b++)
        {
            line.Clear().Append(Quote(basinIds[b]));
            foreach (var v in metrics[b].Values()) line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            line.Append(',').Append(metrics[b].ObservedDays.ToString(CultureInfo.InvariantCulture));
            var reasons = metrics[b].MissingReasons
                .GroupBy(kv => kv.Value)
                .Select(g => string.Join(", ", g.Select(kv => kv.Key).OrderBy(BasinMetrics.IndexOf)) + ": " + g.Key);
            line.Append(',').Append(Quote(string.Join("; ", reasons)));
            w.WriteLine(line.ToString());
        }
    }

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary><c>{"basins": B, "metrics": {"nse": {"median", "mean", "std", "p25", "p75", "n", "missing"}, …}}</c>; null for undefined statistics.</summary>
    static byte[] SummaryJson(MetricsSummary summary)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteNumber("basins", summary.Basins);
            j.WriteStartObject("metrics");
            foreach (var m in summary.Metrics)
            {
                j.WriteStartObject(m.Name);
                Number(j, "median", m.Median);
                Number(j, "mean", m.Mean);
                Number(j, "std", m.Std);
                Number(j, "p25", m.P25);
                Number(j, "p75", m.P75);
                j.WriteNumber("n", m.Count);
                j.WriteNumber("missing", m.Missing);
                j.WriteEndObject();
            }
            j.WriteEndObject();
            j.WriteEndObject();
        }
        return stream.ToArray();
    }

    static void Number(Utf8JsonWriter j, string name, double value)
    {
        if (double.IsFinite(value)) j.WriteNumber(name, value);
        else j.WriteNull(name);
    }
}
