using System.Globalization;

namespace DeltaModel.Core.Data.Series;

/// <summary>
/// One basin's daily series as a comma-separated table with a header: a date column (<c>yyyy-MM-dd</c>) and named
/// value columns, the form of Caravan's <c>timeseries/csv</c> files and NeuralHydrology's generic <c>time_series</c>
/// files. Only the requested columns are read; each must exist (otherwise one error lists the missing and the
/// existing columns). The rules every loader shares apply: one row per day, no repeated or skipped date; an empty,
/// <c>NaN</c> or <c>NA</c> cell is missing (NaN) and allowed only where <see cref="SeriesColumn.MayBeMissing"/> (the target),
/// since a forcing gap would reach the network as NaN; every value lies in its variable's plausible range
/// (<see cref="VariableUnits.Check"/>). Errors name the file, line, column and value; the rules are <see cref="SeriesRules"/>, shared with the NetCDF and Parquet readers.
/// </summary>
internal static class DatedCsvFile
{
    /// <param name="dateColumn">The header name of the date column.</param>
    /// <exception cref="DataException">The first broken rule, naming file, line, column and value.</exception>
    public static BasinSeries Read(string path, IReadOnlyList<SeriesColumn> columns, string dateColumn = "date")
    {
        if (!File.Exists(path)) throw new DataException(path, null, "series file not found.");
        using var reader = new StreamReader(path);
        var headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new DataException(path, 1, $"the file is empty; expected a header line '{dateColumn},<column>,…' and one row per day.");
        var header = headerLine.Split(',').Select(h => h.Trim()).ToArray();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
            if (!position.TryAdd(header[i], i))
                throw new DataException(path, 1, $"column '{header[i]}' appears twice in the header.");
        if (!position.TryGetValue(dateColumn, out int dateIndex))
            throw new DataException(path, 1, $"no '{dateColumn}' column; the header has: {string.Join(", ", header)}.");
        var missing = columns.Where(c => !position.ContainsKey(c.Name)).ToList();
        if (missing.Count > 0) throw SeriesRules.MissingColumns(path, 1, missing, header.Where(h => h != dateColumn));

        // Header position → the requested columns it feeds (one file column may feed several variables); null = not read.
        var feeds = new int[]?[header.Length];
        foreach (var group in Enumerable.Range(0, columns.Count).GroupBy(i => columns[i].Name)) feeds[position[group.Key]] = group.ToArray();
        var read = columns.Select(_ => new List<float>()).ToArray();
        var lines = new List<int>();

        DateOnly first = default;
        DateOnly? previous = null;
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var at = new SeriesRules.Position(lineNumber, "");
            var fields = new TextFields(line, ',');
            int index = 0;
            DateOnly date = default;
            while (fields.Next(out var field))
            {
                if (index >= header.Length)
                    throw new DataException(path, lineNumber, $"expected {header.Length} fields as in the header, found {TextFields.Count(line, ',')}.");
                field = field.Trim();
                if (index == dateIndex) date = ParseDate(path, lineNumber, dateColumn, field);
                else if (feeds[index] is { } fed)
                    foreach (var c in fed) read[c].Add(Value(path, at, columns[c], field));
                index++;
            }
            if (index != header.Length)
                throw new DataException(path, lineNumber, $"expected {header.Length} fields as in the header, found {index}.");
            SeriesRules.NextDate(path, at, dateColumn, date, previous);
            if (previous is null) first = date;
            previous = date;
            lines.Add(lineNumber);
        }
        if (previous is not { } last) throw new DataException(path, null, "no data rows after the header; expected one row per day.");
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Count; c++) values[columns[c].Variable] = read[c].ToArray();
        SeriesRules.WholeSeries(path, columns, values, i => new(lines[i], ""));
        return new BasinSeries { Path = path, Period = new DatePeriod(first, last), Values = values };
    }

    /// <summary>The header's column names, for messages that list what a file offers.</summary>
    public static IReadOnlyList<string> Header(string path) =>
        File.ReadLines(path).FirstOrDefault()?.Split(',').Select(h => h.Trim()).ToArray() ?? [];

    static DateOnly ParseDate(string path, int line, string column, ReadOnlySpan<char> field) =>
        DateOnly.TryParseExact(field, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DataException(path, line, $"'{field}' in column {column} is not a date (expected yyyy-MM-dd, e.g. 1981-01-01).");

    static float Value(string path, SeriesRules.Position at, SeriesColumn column, ReadOnlySpan<char> field)
    {
        bool missing = field.IsEmpty || field.Equals("NaN", StringComparison.OrdinalIgnoreCase) || field.SequenceEqual("NA");
        double v = double.NaN;
        if (!missing && !TextFields.TryParseNumber(field, out v))
            throw new DataException(path, at.Line, $"'{field}' in column {column.Name} is not a number (expected a number{(column.MayBeMissing ? ", or an empty cell for a missing value" : "")}).");
        return SeriesRules.Value(path, at, column, v, missing, field.ToString());
    }
}
