using System.Globalization;

namespace DeltaModel.Core.Data;

/// <summary>
/// One basin's daily series as a comma-separated table with a header: a date column (<c>yyyy-MM-dd</c>) and named
/// value columns, the form of Caravan's <c>timeseries/csv</c> files and NeuralHydrology's generic <c>time_series</c>
/// files. Only the requested columns are read; each must exist (otherwise one error lists the missing and the
/// existing columns). The rules every loader shares apply: one row per day, no repeated or skipped date; an empty,
/// <c>NaN</c> or <c>NA</c> cell is missing (NaN) and allowed only where <see cref="Column.MayBeMissing"/> (the target),
/// since a forcing gap would reach the network as NaN; every value lies in its variable's plausible range
/// (<see cref="VariableUnits.Check"/>). Errors name the file, line, column and value.
/// </summary>
internal sealed class DatedCsvFile
{
    /// <summary>A column to read: the model variable it becomes (its range applies), the header name, and whether it may be missing.</summary>
    public readonly record struct Column(string Variable, string Name, bool MayBeMissing);

    public required string Path { get; init; }

    /// <summary>The days the rows cover, first to last.</summary>
    public required DatePeriod Period { get; init; }

    /// <summary>Variable name → one value per day of <see cref="Period"/> (NaN where missing).</summary>
    public required IReadOnlyDictionary<string, float[]> Values { get; init; }

    /// <param name="dateColumn">The header name of the date column.</param>
    /// <exception cref="DataException">The first broken rule, naming file, line, column and value.</exception>
    public static DatedCsvFile Read(string path, IReadOnlyList<Column> columns, string dateColumn = "date")
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
        if (missing.Count > 0)
            throw new DataException(path, 1,
                $"missing column(s) {string.Join(", ", missing.Select(c => c.Name == c.Variable ? c.Name : $"{c.Name} (for {c.Variable})"))}; " +
                $"the file has: {string.Join(", ", header.Where(h => h != dateColumn))}. Map the variable to an existing column with data.variables.");

        // Header position → the requested columns it feeds (one file column may feed several variables); null = not read.
        var feeds = new int[]?[header.Length];
        foreach (var group in Enumerable.Range(0, columns.Count).GroupBy(i => columns[i].Name)) feeds[position[group.Key]] = group.ToArray();
        var read = columns.Select(_ => new List<float>()).ToArray();

        DateOnly first = default, previous = default;
        int lineNumber = 1, rows = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
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
                    foreach (var c in fed) read[c].Add(Value(path, lineNumber, columns[c], field));
                index++;
            }
            if (index != header.Length)
                throw new DataException(path, lineNumber, $"expected {header.Length} fields as in the header, found {index}.");
            if (rows > 0 && date != previous.AddDays(1))
                throw new DataException(path, lineNumber, date <= previous
                    ? $"date {date:yyyy-MM-dd} in column {dateColumn} repeats or goes back (the row before is {previous:yyyy-MM-dd}); expected one row per day in increasing order."
                    : $"date {date:yyyy-MM-dd} in column {dateColumn} skips {date.DayNumber - previous.DayNumber - 1} day(s) after {previous:yyyy-MM-dd}; expected one row per day (write a missing streamflow as an empty cell, not as an absent row).");
            if (rows == 0) first = date;
            previous = date;
            rows++;
        }
        if (rows == 0) throw new DataException(path, null, "no data rows after the header; expected one row per day.");
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Count; c++) values[columns[c].Variable] = read[c].ToArray();
        return new DatedCsvFile { Path = path, Period = new DatePeriod(first, previous), Values = values };
    }

    /// <summary>The header's column names, for messages that list what a file offers.</summary>
    public static IReadOnlyList<string> Header(string path) =>
        File.ReadLines(path).FirstOrDefault()?.Split(',').Select(h => h.Trim()).ToArray() ?? [];

    static DateOnly ParseDate(string path, int line, string column, ReadOnlySpan<char> field) =>
        DateOnly.TryParseExact(field, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DataException(path, line, $"'{field}' in column {column} is not a date (expected yyyy-MM-dd, e.g. 1981-01-01).");

    static float Value(string path, int line, Column column, ReadOnlySpan<char> field)
    {
        if (field.IsEmpty || field.Equals("NaN", StringComparison.OrdinalIgnoreCase) || field.SequenceEqual("NA"))
            return column.MayBeMissing
                ? float.NaN
                : throw new DataException(path, line,
                    $"'{field}' (missing) in column {column.Name}: only the target ({column.Variable} is a model input) may be missing; an input must have a value every day.");
        if (!TextFields.TryParseNumber(field, out double v))
            throw new DataException(path, line, $"'{field}' in column {column.Name} is not a number (expected a number{(column.MayBeMissing ? ", or an empty cell for a missing value" : "")}).");
        return (float)VariableUnits.Check(v, column.Variable, path, line, column.Name);
    }
}
