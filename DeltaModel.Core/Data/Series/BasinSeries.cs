namespace DeltaModel.Core.Data.Series;

/// <summary>
/// One basin's daily series as read from its file, whatever the file format: the days it covers and, per requested
/// variable, one value per day (NaN where missing, which only the target may be). Read by <see cref="Read"/>, which
/// picks the reader by extension; every reader applies <see cref="SeriesRules"/>, so a broken file reads the same
/// error in every format.
/// </summary>
internal sealed class BasinSeries
{
    /// <summary>The file extensions a per-basin series may have, in the order a layout prefers them.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".csv", ".nc", ".parquet"];

    public required string Path { get; init; }

    /// <summary>The days the rows cover, first to last.</summary>
    public required DatePeriod Period { get; init; }

    /// <summary>Variable name → one value per day of <see cref="Period"/> (NaN where missing).</summary>
    public required IReadOnlyDictionary<string, float[]> Values { get; init; }

    /// <summary>Variable name → the unit the file declares for it (NetCDF's <c>units</c>); empty for formats that declare none.</summary>
    public IReadOnlyDictionary<string, string> DeclaredUnits { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the <paramref name="columns"/> of the series file <paramref name="path"/> (.csv, .nc or .parquet).</summary>
    /// <exception cref="DataException">The first broken rule, naming file, line/row/index, column and value.</exception>
    public static BasinSeries Read(string path, IReadOnlyList<SeriesColumn> columns) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".nc" => NetCdfSeriesFile.Read(path, columns),
            ".parquet" => ParquetSeriesFile.Read(path, columns),
            _ => DatedCsvFile.Read(path, columns),
        };
}

/// <summary>A column to read: the model variable it becomes (its range applies), the file's name for it, and whether it may be missing.</summary>
internal readonly record struct SeriesColumn(string Variable, string Name, bool MayBeMissing);
