using System.Globalization;
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
        WriteCsvFile(csv, basinIds, metrics);
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
    /// Reads a <c>metrics.csv</c> back (the report does, from a finished run). Columns the file lacks and unparsable
    /// cells are missing; a missing value's reason is the row's <c>missing</c> text, since a reason may itself hold
    /// "; " and so the groups cannot be split back apart.
    /// </summary>
    /// <exception cref="InvalidDataException">No <c>basin</c> column (lists the columns found), or malformed quoting.</exception>
    public static MetricsTable Read(string path)
    {
        var table = CsvTable.Open(path);
        int basin = table.Column("basin");
        int Optional(string name) => table.HasColumn(name) ? table.Column(name) : -1;
        var columns = BasinMetrics.Names.Select(Optional).ToArray();
        int observed = Optional("n_obs"), missing = Optional("missing");
        string Cell(CsvRow row, int column) => column >= 0 && column < row.Count ? row[column] : "";

        var basins = new List<string>();
        var rows = new List<BasinMetrics>();
        foreach (var row in table.Rows())
        {
            basins.Add(row[basin]);
            var values = columns.Select(c => CsvTable.Number(Cell(row, c))).ToArray();
            var why = Cell(row, missing) is { Length: > 0 } text ? text : $"no value in {path}";
            var reasons = BasinMetrics.Names.Where((_, i) => double.IsNaN(values[i])).ToDictionary(n => n, _ => why);
            int days = int.TryParse(Cell(row, observed), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            rows.Add(new BasinMetrics(values, days, reasons));
        }
        return new MetricsTable(basins, rows);
    }

    /// <summary>
    /// Columns: <c>basin</c>, the metric names, <c>n_obs</c> (days scored) and <c>missing</c> (why values are NaN,
    /// "metric, metric: reason" groups joined by "; "). Invariant culture, round-trip doubles, <c>NaN</c> for missing.
    /// </summary>
    static void WriteCsvFile(string path, IReadOnlyList<string> basinIds, IReadOnlyList<BasinMetrics> metrics) =>
        CsvTable.Write(path, ["basin", .. BasinMetrics.Names, "n_obs", "missing"], rows =>
        {
            for (int b = 0; b < metrics.Count; b++)
            {
                rows.Cell(basinIds[b]);
                foreach (var v in metrics[b].Values()) rows.Cell(v.ToString("R", CultureInfo.InvariantCulture));
                rows.Cell(metrics[b].ObservedDays.ToString(CultureInfo.InvariantCulture));
                var reasons = metrics[b].MissingReasons
                    .GroupBy(kv => kv.Value)
                    .Select(g => string.Join(", ", g.Select(kv => kv.Key).OrderBy(BasinMetrics.IndexOf)) + ": " + g.Key);
                rows.Cell(string.Join("; ", reasons));
                rows.EndRow();
            }
        });

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
