namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// One headerless Caravan-CAMELS file: <c>P,T,PET,Q</c> per line, <c>NA</c> = missing (NaN). Exactly four fields a
/// line; an empty field is an error rather than a guess at "missing", since a truncated export looks the same.
/// </summary>
internal sealed class CaravanSeries
{
    public required string Path { get; init; }
    public required float[] Precipitation { get; init; }
    public required float[] Temperature { get; init; }
    public required float[] Streamflow { get; init; }
    public int Days => Precipitation.Length;

    public static CaravanSeries Read(string path)
    {
        string text = File.ReadAllText(path);
        int capacity = Math.Max(16, text.Length / 20);
        var p = new List<float>(capacity);
        var t = new List<float>(capacity);
        var q = new List<float>(capacity);
        int lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IsWhiteSpace()) continue;
            var fields = new TextFields(line, ',');
            p.Add(Field(path, lineNumber, ref fields, "P"));
            t.Add(Field(path, lineNumber, ref fields, "T"));
            Field(path, lineNumber, ref fields, "PET"); // checked for shape, not used (see CaravanOptions.Pet)
            q.Add(Field(path, lineNumber, ref fields, "Q"));
            if (fields.Next(out _))
                throw new DataException(path, lineNumber, $"expected 4 columns P,T,PET,Q, found {TextFields.Count(line, ',')}.");
        }
        if (p.Count == 0) throw new DataException(path, null, "no data lines (expected P,T,PET,Q per day).");
        return new CaravanSeries { Path = path, Precipitation = p.ToArray(), Temperature = t.ToArray(), Streamflow = q.ToArray() };
    }

    static float Field(string path, int lineNumber, ref TextFields fields, string column)
    {
        if (!fields.Next(out var field))
            throw new DataException(path, lineNumber, $"missing column {column} (expected 4 columns P,T,PET,Q).");
        field = field.Trim(); // spaces or tabs around the commas are allowed
        if (field.SequenceEqual("NA")) return float.NaN;
        if (field.IsEmpty)
            throw new DataException(path, lineNumber, $"empty field in column {column} (expected a number or NA; an empty cell is not read as missing).");
        return TextFields.TryParseNumber(field, out double v)
            ? (float)v
            : throw new DataException(path, lineNumber, $"'{field}' in column {column} is not a number (expected a number or NA).");
    }
}
