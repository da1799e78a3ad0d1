namespace DeltaModel.Reporting.Tables;

/// <summary>Per-basin metrics of one evaluation (test/metrics.csv: <c>basin,&lt;metric&gt;…</c>, one row per basin).</summary>
public sealed record BasinMetrics(IReadOnlyList<string> Basins, IReadOnlyDictionary<string, double[]> Values)
{
    public static BasinMetrics Read(string path)
    {
        var table = CsvTable.Open(path);
        int basin = table.Column("basin");
        var names = table.Header.Where((_, i) => i != basin).ToList();
        var basins = new List<string>();
        var columns = names.ToDictionary(n => n, _ => new List<double>(), StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows())
        {
            basins.Add(row[basin]);
            for (int i = 0, k = 0; i < table.Header.Count; i++)
            {
                if (i == basin) continue;
                columns[names[k++]].Add(i < row.Count ? CsvTable.Number(row[i]) : double.NaN);
            }
        }
        return new BasinMetrics(basins, columns.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Values of <paramref name="metric"/> per basin, or null when the file has no such column.</summary>
    public double[]? Of(string metric) => Values.TryGetValue(metric, out var v) ? v : null;
}
