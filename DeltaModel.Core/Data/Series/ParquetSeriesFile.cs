using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace DeltaModel.Core.Data.Series;

/// <summary>
/// One basin's daily series as a Parquet table: a <c>date</c> column (Parquet DATE, a timestamp at midnight, or
/// <c>yyyy-MM-dd</c> text) and one numeric column per series (float, double or integer; null is missing), the plain
/// per-basin table pandas' <c>to_parquet</c> writes. The rules of <see cref="SeriesRules"/> apply, positions given as
/// <c>row n</c> (1-based, over the row groups in order).
/// </summary>
internal static class ParquetSeriesFile
{
    public static BasinSeries Read(string path, IReadOnlyList<SeriesColumn> columns, string dateColumn = "date")
    {
        if (!File.Exists(path)) throw new DataException(path, null, "series file not found.");
        try { return ReadAsync(path, columns, dateColumn).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, null, $"the Parquet file cannot be read: {e.Message}");
        }
    }

    static async Task<BasinSeries> ReadAsync(string path, IReadOnlyList<SeriesColumn> columns, string dateColumn)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true });
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!fields.TryGetValue(dateColumn, out var dateField))
            throw new DataException(path, null, $"no '{dateColumn}' column; the table has: {string.Join(", ", fields.Keys)}.");
        var missing = columns.Where(c => !fields.ContainsKey(c.Name)).ToList();
        if (missing.Count > 0) throw SeriesRules.MissingColumns(path, null, missing, fields.Keys.Where(k => k != dateColumn));

        var dates = new List<DateOnly>();
        var raw = columns.Select(_ => new List<double?>()).ToArray();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            dates.AddRange(await Dates(group, dateField, n, path, dates.Count));
            for (int c = 0; c < columns.Count; c++) raw[c].AddRange(await Numbers(group, fields[columns[c].Name], n, path));
        }
        if (dates.Count == 0) throw new DataException(path, null, "no rows; expected one row per day.");
        static SeriesRules.Position At(int i) => new(null, $" at row {i + 1}");
        for (int i = 1; i < dates.Count; i++) SeriesRules.NextDate(path, At(i), dateColumn, dates[i], dates[i - 1]);

        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int c = 0; c < columns.Count; c++)
        {
            var column = new float[dates.Count];
            for (int i = 0; i < column.Length; i++)
            {
                var x = raw[c][i];
                bool isMissing = x is null || double.IsNaN(x.Value);
                column[i] = SeriesRules.Value(path, At(i), columns[c], x ?? double.NaN, isMissing, x is null ? "null" : "NaN");
            }
            values[columns[c].Variable] = column;
        }
        SeriesRules.WholeSeries(path, columns, values, At);
        return new BasinSeries { Path = path, Period = new DatePeriod(dates[0], dates[^1]), Values = values };
    }

    static async Task<IEnumerable<DateOnly>> Dates(ParquetRowGroupReader group, DataField field, int n, string path, int firstRow)
    {
        if (field.ClrType == typeof(DateOnly)) return (await Read<DateOnly>(group, field, n)).Select((d, i) => d ?? NullDate(path, firstRow + i));
        if (field.ClrType == typeof(DateTime)) return (await Read<DateTime>(group, field, n)).Select((d, i) => DateOnly.FromDateTime(d ?? NullDate(path, firstRow + i).ToDateTime(TimeOnly.MinValue)));
        if (field.ClrType == typeof(string))
        {
            var text = new string?[n];
            await group.ReadAsync(field, text.AsMemory());
            return text.Select((s, i) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new DataException(path, null, $"'{s}' in column {field.Name} at row {firstRow + i + 1} is not a date (expected yyyy-MM-dd, e.g. 1981-01-01)."));
        }
        throw new DataException(path, null, $"column {field.Name} is of type {field.ClrType.Name}; expected a date (Parquet DATE or timestamp) or yyyy-MM-dd text.");
    }

    static DateOnly NullDate(string path, int row) => throw new DataException(path, null, $"the date at row {row + 1} is null; every row needs its date.");

    static async Task<IEnumerable<double?>> Numbers(ParquetRowGroupReader group, DataField field, int n, string path)
    {
        var t = field.ClrType;
        if (t == typeof(double)) return await Read<double>(group, field, n);
        if (t == typeof(float)) return (await Read<float>(group, field, n)).Select(x => (double?)x);
        if (t == typeof(int)) return (await Read<int>(group, field, n)).Select(x => (double?)x);
        if (t == typeof(long)) return (await Read<long>(group, field, n)).Select(x => (double?)x);
        if (t == typeof(short)) return (await Read<short>(group, field, n)).Select(x => (double?)x);
        throw new DataException(path, null, $"column {field.Name} is of type {t.Name}; expected numbers (float, double or integer).");
    }

    /// <summary>A column of <typeparamref name="T"/>, nullable or not, as nullable values.</summary>
    static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int n) where T : struct
    {
        var values = new T?[n];
        if (field.IsNullable) await group.ReadAsync<T>(field, values.AsMemory());
        else
        {
            var plain = new T[n];
            await group.ReadAsync<T>(field, plain.AsMemory());
            for (int i = 0; i < n; i++) values[i] = plain[i];
        }
        return values;
    }
}
