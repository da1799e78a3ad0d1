namespace DeltaModel.Core.Data.Camels;

/// <summary>
/// One CAMELS basin-mean forcing file (<c>&lt;id&gt;_lump_&lt;product&gt;_forcing_leap.txt</c>): lines 1–3 hold the
/// gauge latitude [°N], the mean elevation [m] and the area [m²]; line 4 the column header
/// (<c>Year Mnth Day Hr dayl(s) prcp(mm/day) srad(W/m2) swe(mm) tmax(C) tmin(C) vp(Pa)</c>, capitalised in NLDAS and
/// Maurer files); then one line per consecutive day with as many fields as the header. Columns are found by header
/// name, never by position. Fields are separated by any mix of tabs and spaces (the real files mix them). Every value
/// must be a finite number within its variable's plausible range (<see cref="VariableUnits"/>); forcings have no
/// missing-value code, so −999 and NaN are errors naming the line and column.
/// </summary>
internal sealed class CamelsForcingFile
{
    const int HeaderLines = 4;

    public required string Path { get; init; }
    public required double Latitude { get; init; }
    public required double Elevation { get; init; }
    public required double AreaM2 { get; init; }
    public required DateOnly Start { get; init; }
    public required int Days { get; init; }

    /// <summary>Value columns by lower-case header name without unit (<c>prcp</c>, <c>tmax</c>, …): [days].</summary>
    public required IReadOnlyDictionary<string, float[]> Columns { get; init; }

    public DatePeriod Period => new(Start, Start.AddDays(Days - 1));

    public static CamelsForcingFile Read(string path)
    {
        string text = File.ReadAllText(path);
        var lines = text.AsSpan().EnumerateLines();
        double[] meta = new double[3];
        string[] metaNames = ["latitude (deg)", "mean elevation (m)", "area (m²)"];
        int lineNumber = 0;
        for (int i = 0; i < 3; i++)
        {
            lineNumber++;
            if (!lines.MoveNext() || !TextFields.TryParseNumber(lines.Current.Trim(), out meta[i]))
                throw new DataException(path, lineNumber, $"expected the basin {metaNames[i]} as a number on line {lineNumber} of a CAMELS forcing file.");
        }
        lineNumber++;
        if (!lines.MoveNext()) throw new DataException(path, lineNumber, "missing the column header line (Year Mnth Day Hr dayl(s) prcp(mm/day) …).");
        var names = ParseHeader(path, lineNumber, lines.Current);

        int valueColumns = names.Count - 4;
        int capacity = Math.Max(16, text.Length / 60);
        var columns = new List<float>[valueColumns];
        for (int c = 0; c < valueColumns; c++) columns[c] = new List<float>(capacity);
        DateOnly start = default, expected = default;
        int days = 0;
        var lineOf = new List<int>(capacity);
        while (lines.MoveNext())
        {
            lineNumber++;
            var line = lines.Current;
            if (line.IsWhiteSpace()) continue;
            var fields = new TextFields(line);
            var date = ReadDate(path, lineNumber, ref fields);
            if (days == 0) start = date;
            else if (date != expected)
                throw new DataException(path, lineNumber, $"date {date:yyyy-MM-dd} where {expected:yyyy-MM-dd} was expected (days must be consecutive).");
            expected = date.AddDays(1);
            if (!fields.Next(out _)) throw FieldCount(path, lineNumber, line, names.Count); // the hour, not used
            for (int c = 0; c < valueColumns; c++)
            {
                if (!fields.Next(out var field)) throw FieldCount(path, lineNumber, line, names.Count);
                if (!TextFields.TryParseNumber(field, out double v))
                    throw new DataException(path, lineNumber, $"'{field}' in column {names[c + 4]} is not a number (expected a number; forcings have no missing-value code).");
                if (IsMissingCode(v))
                    throw new DataException(path, lineNumber,
                        $"{field} in column {names[c + 4]}: -999 is the CAMELS missing-value code, and forcings have none (every day must have a value; only streamflow may be missing).");
                columns[c].Add((float)VariableUnits.Check(v, names[c + 4], path, lineNumber, names[c + 4]));
            }
            if (fields.Next(out _)) throw FieldCount(path, lineNumber, line, names.Count);
            lineOf.Add(lineNumber);
            days++;
        }
        if (days == 0) throw new DataException(path, null, "no data lines after the header.");
        var byName = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int c = 0; c < valueColumns; c++) byName[names[c + 4]] = columns[c].ToArray();
        foreach (var (name, values) in byName) VariableUnits.CheckSeriesUnit(name, name, values, path, i => (lineOf[i], ""));
        return new CamelsForcingFile
        {
            Path = path, Latitude = meta[0], Elevation = meta[1], AreaM2 = meta[2], Start = start, Days = days, Columns = byName,
        };
    }

    /// <summary>
    /// The −999 sentinel CAMELS uses for a missing discharge. The forcing files never use it (every day has a value),
    /// so here it is an error with its own message rather than a silent NaN or a bare range violation.
    /// </summary>
    static bool IsMissingCode(double value) => Math.Abs(value - CamelsStreamflowFile.MissingValue) < 0.5;

    static DataException FieldCount(string path, int lineNumber, ReadOnlySpan<char> line, int expected) =>
        new(path, lineNumber, $"expected {expected} fields as in the column header (line {HeaderLines}), found {TextFields.Count(line)}.");

    static List<string> ParseHeader(string path, int lineNumber, ReadOnlySpan<char> line)
    {
        var names = new List<string>();
        var fields = new TextFields(line);
        while (fields.Next(out var field))
        {
            int paren = field.IndexOf('(');
            names.Add((paren >= 0 ? field[..paren] : field).ToString().ToLowerInvariant());
        }
        if (names.Count < 5 || names[0] != "year" || names[1] != "mnth" || names[2] != "day" || names[3] != "hr")
            throw new DataException(path, lineNumber, "expected the header 'Year Mnth Day Hr' followed by the value columns.");
        for (int c = 1; c < names.Count; c++)
            if (names.IndexOf(names[c]) is var first && first < c)
                throw new DataException(path, lineNumber,
                    $"column '{names[c]}' appears twice in the header (fields {first + 1} and {c + 1}); expected each column once.");
        return names;
    }

    internal static DateOnly ReadDate(string path, int lineNumber, ref TextFields fields)
    {
        if (fields.Next(out var y) && TextFields.TryParseInt(y, out int year)
            && fields.Next(out var m) && TextFields.TryParseInt(m, out int month)
            && fields.Next(out var d) && TextFields.TryParseInt(d, out int day)
            && year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            return new DateOnly(year, month, day);
        throw new DataException(path, lineNumber, "expected a date as 'year month day' at the start of the line.");
    }
}
