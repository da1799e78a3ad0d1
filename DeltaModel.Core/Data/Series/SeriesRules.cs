namespace DeltaModel.Core.Data.Series;

/// <summary>
/// The rules every per-basin series obeys, whatever its file format, with one wording: one row per day in increasing
/// order (no repeated, backward or skipped date); a missing value only in the target, since a forcing gap would reach
/// the network as NaN; every value in its variable's plausible range (<see cref="VariableUnits.Check"/>); no unit that
/// contradicts the values (<see cref="VariableUnits.CheckSeriesUnit"/>). A position is a line (CSV: the error's line)
/// or a text such as <c> at index 8 (1981-01-09)</c> (NetCDF) or <c> at row 9</c> (Parquet).
/// </summary>
internal static class SeriesRules
{
    /// <summary>Where a value sits in its file: the 1-based line of a text file, or a position text for binary formats.</summary>
    public readonly record struct Position(int? Line, string At);

    /// <summary>Throws unless <paramref name="date"/> is the day after <paramref name="previous"/> (the first row has none).</summary>
    public static void NextDate(string path, Position p, string dateColumn, DateOnly date, DateOnly? previous)
    {
        if (previous is not { } before || date == before.AddDays(1)) return;
        throw new DataException(path, p.Line, date <= before
            ? $"date {date:yyyy-MM-dd} in column {dateColumn}{p.At} repeats or goes back (the row before is {before:yyyy-MM-dd}); expected one row per day in increasing order."
            : $"date {date:yyyy-MM-dd} in column {dateColumn}{p.At} skips {date.DayNumber - before.DayNumber - 1} day(s) after {before:yyyy-MM-dd}; expected one row per day (write a missing streamflow as a missing value, not as an absent row).");
    }

    /// <summary>The value to store: NaN for a missing value of the target, the checked value otherwise.</summary>
    /// <param name="shown">The value as the file has it, for the message (a CSV cell's text, a NetCDF fill value).</param>
    public static float Value(string path, Position p, SeriesColumn column, double value, bool missing, string shown)
    {
        if (missing)
            return column.MayBeMissing
                ? float.NaN
                : throw new DataException(path, p.Line,
                    $"'{shown}' (missing) in column {column.Name}{p.At}: only the target may be missing ({column.Variable} is a model input); an input must have a value every day.");
        return (float)VariableUnits.Check(value, column.Variable, path, p.Line, column.Name, at: p.At);
    }

    /// <summary>The checks over a whole column (a unit the values contradict); call once the file is read.</summary>
    public static void WholeSeries(string path, IReadOnlyList<SeriesColumn> columns, IReadOnlyDictionary<string, float[]> values, Func<int, Position> locate)
    {
        foreach (var c in columns)
            VariableUnits.CheckSeriesUnit(c.Variable, c.Name, values[c.Variable], path, i => { var p = locate(i); return (p.Line, p.At); });
    }

    /// <summary>The error for requested columns a file lacks: which are missing and which exist, and the remedy.</summary>
    public static DataException MissingColumns(string path, int? line, IEnumerable<SeriesColumn> missing, IEnumerable<string> existing, string kind = "column") =>
        new(path, line,
            $"missing {kind}(s) {string.Join(", ", missing.Select(c => c.Name == c.Variable ? c.Name : $"{c.Name} (for {c.Variable})"))}; " +
            $"the file has: {string.Join(", ", existing)}. Map the variable to an existing {kind} with data.variables.");
}
