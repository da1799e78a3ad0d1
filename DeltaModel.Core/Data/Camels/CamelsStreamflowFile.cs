namespace DeltaModel.Core.Data.Camels;

/// <summary>
/// One CAMELS USGS streamflow file (<c>&lt;id&gt;_streamflow_qc.txt</c>): whitespace-separated
/// <c>gauge_id year month day Q flag</c>, Q in ft³/s, one line per consecutive day. Missing days are written
/// <c>-999.00</c> with flag <c>M</c> and read as NaN. A line with another number of fields, a date that is not the
/// day after the previous line's, another gauge's id (compared as the 8-character string, never as a number), a
/// negative or non-finite discharge, or flag <c>M</c> on a value other than −999 is an error naming the line.
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
            if (!id.SequenceEqual(basin))
                throw new DataException(path, lineNumber, $"gauge id '{id}' where '{basin}' was expected (the file name's basin).");
            var date = CamelsForcingFile.ReadDate(path, lineNumber, ref fields);
            if (values.Count == 0) start = date;
            int offset = date.DayNumber - start.DayNumber;
            if (offset < values.Count)
                throw new DataException(path, lineNumber,
                    $"date {date:yyyy-MM-dd} is not after {start.AddDays(values.Count - 1):yyyy-MM-dd} on the line before (dates must increase).");
            if (offset > values.Count)
                throw new DataException(path, lineNumber,
                    $"date {date:yyyy-MM-dd} where {start.AddDays(values.Count):yyyy-MM-dd} was expected (days must be consecutive; a missing day is written -999.00 M).");
            if (!fields.Next(out var q)) throw WrongFieldCount(path, lineNumber, line);
            if (!TextFields.TryParseNumber(q, out double cfs))
                throw new DataException(path, lineNumber, $"'{q}' is not a number (expected the discharge in ft³/s after the date; -999.00 M marks a missing day).");
            if (!fields.Next(out var flag) || fields.Next(out _)) throw WrongFieldCount(path, lineNumber, line);
            values.Add(Discharge(cfs, flag, path, lineNumber));
        }
        if (values.Count == 0) throw new DataException(path, null, "no data lines (expected 'gauge_id year month day Q flag').");
        return new CamelsStreamflowFile { Path = path, Start = start, Cfs = values.ToArray() };
    }

    /// <summary>
    /// The discharge of one line: NaN for the missing code; otherwise a finite, non-negative number. The flag
    /// <c>M</c> (missing) requires the code, since a value flagged missing cannot be told from a real one.
    /// </summary>
    static float Discharge(double cfs, ReadOnlySpan<char> flag, string path, int lineNumber)
    {
        bool missingCode = Math.Abs(cfs - MissingValue) < 0.5;
        if (flag.StartsWith("M") && !missingCode)
            throw new DataException(path, lineNumber,
                $"discharge {cfs.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} flagged '{flag}' (missing); the flag M requires the missing code -999.00.");
        if (missingCode) return float.NaN;
        return (float)VariableUnits.Check(cfs, CamelsUsLoader.TargetName, path, lineNumber, "Q", "ft³/s");
    }

    static DataException WrongFieldCount(string path, int lineNumber, ReadOnlySpan<char> line) =>
        new(path, lineNumber, $"expected {FieldCount} fields (gauge_id year month day Q flag), found {TextFields.Count(line)}.");

    public DatePeriod Period => new(Start, Start.AddDays(Cfs.Length - 1));
}
