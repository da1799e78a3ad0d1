using System.Globalization;
using System.Text;

namespace DeltaModel.Reporting.Tables;

/// <summary>
/// A small reader for the runner's CSV files (header row, comma separated, optional double quotes, <c>NaN</c> for
/// missing numbers). Rows are streamed, so a large long-format simulation.csv is read without holding it in memory.
/// </summary>
public sealed class CsvTable
{
    public string Path { get; }
    public IReadOnlyList<string> Header { get; }

    CsvTable(string path, IReadOnlyList<string> header) => (Path, Header) = (path, header);

    /// <summary>Opens a CSV and reads its header.</summary>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public static CsvTable Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file; expected a header row.");
        return new CsvTable(path, SplitLine(first));
    }

    /// <summary>Index of <paramref name="column"/> (case-insensitive).</summary>
    /// <exception cref="InvalidDataException">The column is missing (lists the columns found).</exception>
    public int Column(string column)
    {
        for (int i = 0; i < Header.Count; i++)
            if (string.Equals(Header[i], column, StringComparison.OrdinalIgnoreCase)) return i;
        throw new InvalidDataException($"{Path}: no column '{column}'; found {string.Join(", ", Header)}.");
    }

    public bool HasColumn(string column) => Header.Any(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Data rows (header skipped, blank lines ignored).</summary>
    public IEnumerable<IReadOnlyList<string>> Rows()
    {
        using var reader = new StreamReader(Path);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return SplitLine(line);
    }

    /// <summary>Parses a number; empty, <c>NaN</c>, <c>NA</c> and unparsable cells read as NaN.</summary>
    public static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    internal static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c != '\r') cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
