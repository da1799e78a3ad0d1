namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// One headerless Caravan-CAMELS file: <c>P,T,PET,Q</c> per line, one line per day of <see cref="CaravanLoader.Record"/>.
/// Exactly four fields a line; an empty field is an error rather than a guess at "missing", since a truncated export
/// looks the same. Only Q may be <c>NA</c> (missing, NaN): forcings have no missing-value code. P, T and Q must lie in
/// their variables' plausible ranges (<see cref="VariableUnits"/>); PET must be a finite number but has no range, since
/// it is not used and the ERA5-Land values are known to dip below zero (see <see cref="CaravanOptions.Pet"/>).
/// </summary>
internal sealed class CaravanSeries
{
    public required string Path { get; init; }
    public required float[] Precipitation { get; init; }
    public required float[] Temperature { get; init; }
    public required float[] Streamflow { get; init; }
    public int Days => Precipitation.Length;

    /// <summary>Column name in messages → the variable whose range applies (null = finiteness only) and whether NA is allowed.</summary>
    static readonly (string Column, string? Variable, bool MayBeMissing)[] columns =
        [("P", "prcp", false), ("T", "tmean", false), ("PET", null, false), ("Q", "streamflow", true)];

    public static CaravanSeries Read(string path)
    {
        string text = File.ReadAllText(path);
        int rows = CaravanLoader.Record.Days;
        var p = new float[rows];
        var t = new float[rows];
        var q = new float[rows];
        var lineOf = new int[rows];
        int row = 0, lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IsWhiteSpace()) continue;
            if (row == rows)
                throw new DataException(path, lineNumber,
                    $"row {row + 1} is one more than the record {CaravanLoader.Record} holds ({rows} days, row 1 = {CaravanLoader.Record.Start:yyyy-MM-dd}); expected one row per day and no more.");
            var fields = new TextFields(line, ',');
            p[row] = Field(path, lineNumber, ref fields, 0);
            t[row] = Field(path, lineNumber, ref fields, 1);
            Field(path, lineNumber, ref fields, 2); // checked, not used (see CaravanOptions.Pet)
            q[row] = Field(path, lineNumber, ref fields, 3);
            lineOf[row] = lineNumber;
            if (fields.Next(out _))
                throw new DataException(path, lineNumber, $"expected 4 columns P,T,PET,Q, found {TextFields.Count(line, ',')}.");
            row++;
        }
        if (row == 0) throw new DataException(path, null, "no data lines (expected P,T,PET,Q per day).");
        if (row < rows)
            throw new DataException(path, null,
                $"{row} rows, but the record {CaravanLoader.Record} has {rows} days (one row per day, row 1 = {CaravanLoader.Record.Start:yyyy-MM-dd}); " +
                $"the file ends at {CaravanLoader.Record.Start.AddDays(row - 1):yyyy-MM-dd}, as if truncated.");
        VariableUnits.CheckSeriesUnit("prcp", "P", p, path, i => (lineOf[i], ""));
        return new CaravanSeries { Path = path, Precipitation = p, Temperature = t, Streamflow = q };
    }

    static float Field(string path, int lineNumber, ref TextFields fields, int index)
    {
        var (column, variable, mayBeMissing) = columns[index];
        if (!fields.Next(out var field))
            throw new DataException(path, lineNumber, $"missing column {column} (expected 4 columns P,T,PET,Q).");
        field = field.Trim(); // spaces or tabs around the commas are allowed
        if (field.SequenceEqual("NA"))
            return mayBeMissing
                ? float.NaN
                : throw new DataException(path, lineNumber,
                    $"NA in column {column}: only Q (streamflow) may be missing; forcings have no missing-value code and must have a value every day.");
        if (field.IsEmpty)
            throw new DataException(path, lineNumber, $"empty field in column {column} (expected a number{(mayBeMissing ? " or NA" : "")}; an empty cell is not read as missing).");
        if (!TextFields.TryParseNumber(field, out double v))
            throw new DataException(path, lineNumber, $"'{field}' in column {column} is not a number (expected a number{(mayBeMissing ? " or NA" : "")}).");
        return (float)VariableUnits.Check(v, variable ?? "", path, lineNumber, column);
    }
}
