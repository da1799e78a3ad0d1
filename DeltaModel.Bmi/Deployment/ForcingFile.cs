using System.Globalization;
using System.Text;

namespace DeltaModel.Bmi.Deployment;

/// <summary>
/// A basin's daily forcings for a standalone BMI run (NextGen's <c>uses_forcing_file</c>): CSV with a header
/// <c>date,&lt;variable&gt;,…</c> (the model's dataset variable names) and one row per day, dates <c>yyyy-MM-dd</c>
/// consecutive, values in the model's units (mm d-1, °C), invariant culture.
/// </summary>
public sealed class ForcingFile
{
    ForcingFile(string path, string[] names, DateOnly first, List<double[]> days) => (Path, Names, First, Days) = (path, names, first, days);

    public string Path { get; }
    public string[] Names { get; }
    public DateOnly First { get; }
    public IReadOnlyList<double[]> Days { get; }
    public DateOnly Last => First.AddDays(Days.Count - 1);

    /// <summary>The values of <paramref name="date"/> in <paramref name="order"/>, or null outside the file.</summary>
    public double[]? On(DateOnly date, int[] order)
    {
        int t = date.DayNumber - First.DayNumber;
        return t < 0 || t >= Days.Count ? null : [.. order.Select(i => Days[t][i])];
    }

    /// <summary>Column index of each of <paramref name="variables"/>.</summary>
    /// <exception cref="BmiException">A variable the file lacks.</exception>
    public int[] Columns(IEnumerable<string> variables) =>
        [.. variables.Select(v => Array.IndexOf(Names, v) is >= 0 and var i ? i
            : throw new BmiException($"{Path}: no column '{v}'; the model reads {string.Join(", ", variables)} (has {string.Join(", ", Names)})."))];

    public static void Write(string path, IReadOnlyList<string> names, DateOnly first, IReadOnlyList<double[]> days)
    {
        var text = new StringBuilder("date," + string.Join(",", names) + "\n");
        for (int t = 0; t < days.Count; t++)
            text.Append(first.AddDays(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .AppendJoin(',', days[t].Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    /// <exception cref="BmiException">Missing file, bad header, date or number (the message names the line).</exception>
    public static ForcingFile Read(string path)
    {
        if (!File.Exists(path)) throw new BmiException($"forcing file not found: {path}");
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || !lines[0].StartsWith("date,", StringComparison.Ordinal))
            throw new BmiException($"{path}: line 1: expected a header 'date,<variable>,…' and at least one day.");
        var names = lines[0].Split(',')[1..];
        var days = new List<double[]>();
        DateOnly first = default;
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != names.Length + 1) throw new BmiException($"{path}: line {i + 1}: {cells.Length} fields, the header has {names.Length + 1}.");
            if (!DateOnly.TryParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new BmiException($"{path}: line {i + 1}: date '{cells[0]}' is not yyyy-MM-dd.");
            if (days.Count == 0) first = date;
            else if (date != first.AddDays(days.Count))
                throw new BmiException($"{path}: line {i + 1}: date {date:yyyy-MM-dd}, expected {first.AddDays(days.Count):yyyy-MM-dd} (consecutive days).");
            var values = new double[names.Length];
            for (int k = 0; k < names.Length; k++)
                if (!double.TryParse(cells[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                    throw new BmiException($"{path}: line {i + 1}: '{names[k]}' = '{cells[k + 1]}' is not a finite number.");
            days.Add(values);
        }
        return new ForcingFile(path, names, first, days);
    }
}
