using System.Globalization;
using DeltaModel.Core.Training;
using Parquet;
using Parquet.Schema;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// Writes simulated series in the documented long ("tidy") layout, one row per basin-day:
/// <c>basin, date, observed, &lt;series…&gt;</c> (mm/d unless the series says otherwise), as CSV and Parquet, and the
/// per-basin scalars (e.g. BFI) as a small CSV. Files are written atomically. See docs/outputs.md.
/// </summary>
public static class SimulationWriter
{
    public const string CsvFileName = "simulation.csv";
    public const string ParquetFileName = "simulation.parquet";
    public const string ScalarsFileName = "scalars.csv";

    /// <summary>Every file a run writes: <see cref="CsvFileName"/>, <see cref="ParquetFileName"/> and <see cref="ScalarsFileName"/>.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [CsvFileName, ParquetFileName, ScalarsFileName];

    /// <summary>Writes <c>simulation.csv</c>, <c>simulation.parquet</c> and <c>scalars.csv</c> into <paramref name="folder"/>.</summary>
    /// <param name="observed">Observed target <c>[T, B]</c> time-major over the same days, or null.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string folder, SimulationOutput output, float[]? observed)
    {
        var csv = WriteCsv(folder, output, observed);
        return [csv[0], WriteParquet(folder, output, observed), csv[1]];
    }

    /// <summary>Writes the CSV files only: <c>simulation.csv</c> and <c>scalars.csv</c> (the per-basin scalars).</summary>
    /// <returns>The two paths, in that order.</returns>
    public static IReadOnlyList<string> WriteCsv(string folder, SimulationOutput output, float[]? observed)
    {
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, CsvFileName);
        var scalars = Path.Combine(folder, ScalarsFileName);
        WriteCsvFile(csv, output, observed, SeriesOrder(output));
        var keys = output.Scalars.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        CsvTable.Write(scalars, ["basin", .. keys], rows =>
        {
            for (int b = 0; b < output.Basins.Count; b++)
                rows.Row([output.Basins[b], .. keys.Select(k => Format(output.Scalars[k][b]))]);
        });
        return [csv, scalars];
    }

    /// <summary>Writes the series as <c>simulation.parquet</c> only (the same columns as the CSV).</summary>
    /// <returns>The path written.</returns>
    public static string WriteParquet(string folder, SimulationOutput output, float[]? observed)
    {
        Directory.CreateDirectory(folder);
        var parquet = Path.Combine(folder, ParquetFileName);
        WriteParquetFile(parquet, output, observed, SeriesOrder(output));
        return parquet;
    }

    static List<string> SeriesOrder(SimulationOutput output) =>
        output.Series.Keys.OrderBy(OrderKey).ThenBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>The target and its routed components first, then everything else alphabetically.</summary>
    static int OrderKey(string name) => name switch
    {
        "streamflow" => 0,
        "srflow" or "ssflow" or "gwflow" => 1,
        _ => 2,
    };

    static void WriteCsvFile(string path, SimulationOutput o, float[]? observed, List<string> names)
    {
        string[] header = observed is null ? ["basin", "date", .. names] : ["basin", "date", "observed", .. names];
        CsvTable.Write(path, header, rows =>
        {
            int B = o.Basins.Count;
            var columns = names.Select(n => o.Series[n]).ToArray();
            for (int b = 0; b < B; b++)
            for (int t = 0; t < o.Days; t++)
            {
                long i = (long)t * B + b;
                rows.Cell(o.Basins[b]);
                rows.Cell(o.Start.AddDays(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (observed is not null) rows.Cell(Format(observed[i]));
                foreach (var c in columns) rows.Cell(Format(c[i]));
                rows.EndRow();
            }
        });
    }

    static void WriteParquetFile(string path, SimulationOutput o, float[]? observed, List<string> names) =>
        AtomicFile.Write(path, tmp =>
        {
            int B = o.Basins.Count, n = B * o.Days;
            var basinField = new DataField<string>("basin");
            var dateField = new DataField<DateTime>("date");
            var valueColumns = new List<(DataField Field, float[] Values)>();
            if (observed is not null) valueColumns.Add((new DataField<float>("observed"), BasinMajor(observed, B, o.Days)));
            valueColumns.AddRange(names.Select(name => ((DataField)new DataField<float>(name), BasinMajor(o.Series[name], B, o.Days))));

            var basins = new string[n];
            var dates = new DateTime[n];
            for (int b = 0; b < B; b++)
            for (int t = 0; t < o.Days; t++)
            {
                basins[b * o.Days + t] = o.Basins[b];
                dates[b * o.Days + t] = o.Start.AddDays(t).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            }

            var schema = new ParquetSchema(new Field[] { basinField, dateField }.Concat(valueColumns.Select(c => (Field)c.Field)));
            WriteAsync().GetAwaiter().GetResult();

            async Task WriteAsync()
            {
                await using var stream = File.Create(tmp);
                await using var writer = await ParquetWriter.CreateAsync(schema, stream);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(basinField, basins);
                await group.WriteAsync<DateTime>(dateField, dates);
                foreach (var (field, values) in valueColumns) await group.WriteAsync<float>(field, values);
            }
        });

    /// <summary>Time-major <c>[T, B]</c> → basin-major rows (all days of basin 0, then basin 1, …).</summary>
    static float[] BasinMajor(float[] timeMajor, int B, int T)
    {
        var r = new float[timeMajor.Length];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) r[b * T + t] = timeMajor[(long)t * B + b];
        return r;
    }

    /// <summary>Round-trippable float text; missing values as NaN.</summary>
    public static string Format(float v) => float.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
}
