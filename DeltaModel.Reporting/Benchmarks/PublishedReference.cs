using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// Per-basin skill published with a dataset as bare value files: one number per line, in the row order of a catalogue
/// CSV whose first column is the gauge id (Caravan-CAMELS: <c>test_NSES.csv</c> / <c>test_KGES.csv</c> in the order of
/// <c>catchments.csv</c>). The join is by that order, so the files must have exactly one value per catalogue row; a
/// gauge the catalogue lists but our runs lack (one has no data file) simply has no partner.
/// </summary>
public sealed class PublishedReference
{
    PublishedReference(string name, IReadOnlyList<string> gauges, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> values)
    {
        Name = name;
        Gauges = gauges;
        this.values = values;
    }

    readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> values;

    /// <summary>What the numbers are, for the report (e.g. "Caravan-CAMELS authors' LSTM-decoder, test 1996–2014").</summary>
    public string Name { get; }

    /// <summary>Gauge ids in catalogue order.</summary>
    public IReadOnlyList<string> Gauges { get; }

    /// <summary>Metrics with published values (e.g. nse, kge).</summary>
    public IEnumerable<string> Metrics => values.Keys;

    /// <summary>Gauge id → published value of <paramref name="metric"/>; null when the metric is not published.</summary>
    public IReadOnlyDictionary<string, double>? Of(string metric) => values.TryGetValue(metric, out var v) ? v : null;

    /// <summary>Reads the catalogue and one value file per metric.</summary>
    /// <exception cref="InvalidDataException">A value file's line count differs from the catalogue's rows, or a line is not a number (names file and line).</exception>
    public static PublishedReference Load(string name, string catalogue, IReadOnlyDictionary<string, string> valueFiles)
    {
        var gauges = ReadCatalogue(catalogue);
        var byMetric = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (metric, file) in valueFiles)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: published {metric} values not found.", file);
            var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToArray();
            if (lines.Length != gauges.Count)
                throw new InvalidDataException($"{file}: {lines.Length} values, but {catalogue} lists {gauges.Count} gauges; " +
                                               "the values are joined by row order, so the counts must be equal.");
            var map = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < lines.Length; i++)
            {
                var cell = lines[i].Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"{file}, line {i + 1}: '{cell}' is not a number.");
                map[gauges[i]] = double.IsFinite(v) ? v : double.NaN;
            }
            byMetric[metric] = map;
        }
        return new PublishedReference(name, gauges, byMetric);
    }

    static List<string> ReadCatalogue(string catalogue)
    {
        if (!File.Exists(catalogue)) throw new FileNotFoundException($"{catalogue}: catalogue of the published values not found.", catalogue);
        var table = CsvTable.Open(catalogue);
        var gauges = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows())
        {
            var id = row[0].Trim();
            if (!seen.Add(id)) throw new InvalidDataException($"{catalogue}, line {row.Line}: gauge '{id}' is listed twice; the row order could not be joined.");
            gauges.Add(id);
        }
        return gauges;
    }
}
