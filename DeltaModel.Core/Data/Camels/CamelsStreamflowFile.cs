namespace DeltaModel.Core.Data.Camels;

/// <summary>
/// One CAMELS USGS streamflow file (<c>&lt;id&gt;_streamflow_qc.txt</c>): whitespace-separated
/// <c>gauge_id year month day Q flag</c>, Q in ft³/s. Missing days are written <c>-999.00</c> with flag <c>M</c>;
/// both mean NaN here, as do negative values (impossible discharges). Days absent from the file are NaN too; a line
/// with another number of fields, a date not after the previous line's, or another gauge's id is an error.
/// </summary>
internal sealed class CamelsStreamflowFile
{
    /// <summary>The sentinel CAMELS writes for a missing discharge [ft³/s].</summary>
    public const double MissingValue = -999.0;

    /// <summary>Fields per line: gauge_id year month day Q flag. Every CAMELS line has a flag (A, A:e, M).</summary>
    const int FieldCount = 6;

    public required string Path { get; init; }
    public required DateOnly Start { get; init; }

    /// <summary>Discharge [ft³/s] per day from <see cref="Start"/>; NaN where missing.</summary>
    public required float[] Cfs { get; init; }

    public static CamelsStreamflowFile Read(string path, string basin)
    {
        string text = File.ReadAllText(path);
        var values = new List<float>(Math.Max(16, text.Length / 30));
        DateOnly start = default;
        int lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IsWhiteSpace()) continue;
            var fields = new TextFields(line);
            fields.Next(out var id);
            if (!id.SequenceEqual(basin) && BasinSelection.NormalizeId(id.ToString()) != basin)
                throw new DataException(path, lineNumber, $"gauge id '{id}' where '{basin}' was expected (the file name's basin).");
            var date = CamelsForcingFile.ReadDate(path, lineNumber, ref fields);
            if (values.Count == 0) start = date;
            int offset = date.DayNumber - start.DayNumber;
            if (offset < values.Count)
                throw new DataException(path, lineNumber,
                    $"date {date:yyyy-MM-dd} is not after {start.AddDays(values.Count - 1):yyyy-MM-dd} on the line before (dates must increase).");
            while (values.Count < offset) values.Add(float.NaN); // days absent from the file
            if (!fields.Next(out var q)) throw WrongFieldCount(path, lineNumber, line);
            if (!TextFields.TryParseNumber(q, out double cfs))
                throw new DataException(path, lineNumber, $"'{q}' is not a number (expected the discharge in ft³/s after the date; -999.00 M marks a missing day).");
            if (!fields.Next(out var flag) || fields.Next(out _)) throw WrongFieldCount(path, lineNumber, line);
            bool flaggedMissing = flag.StartsWith("M");
            values.Add(flaggedMissing || cfs <= MissingValue + 0.5 || cfs < 0 ? float.NaN : (float)cfs);
        }
        if (values.Count == 0) throw new DataException(path, null, "no data lines (expected 'gauge_id year month day Q flag').");
        return new CamelsStreamflowFile { Path = path, Start = start, Cfs = values.ToArray() };
    }

    static DataException WrongFieldCount(string path, int lineNumber, ReadOnlySpan<char> line) =>
        new(path, lineNumber, $"expected {FieldCount} fields (gauge_id year month day Q flag), found {TextFields.Count(line)}.");

    public DatePeriod Period => new(Start, Start.AddDays(Cfs.Length - 1));
}
