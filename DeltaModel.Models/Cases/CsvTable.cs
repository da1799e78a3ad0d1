using System.Globalization;

namespace DeltaModel.Models.Cases;

/// <summary>A small comma-separated table (header + rows, no quoting) as used by the case folders.</summary>
public sealed class CsvTable
{
    CsvTable(string path, string[] header, List<string[]> rows) { Path = path; Header = header; Rows = rows; }

    /// <summary>File the table was read from.</summary>
    public string Path { get; }

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Cells, row by row.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads a file; every row must have as many cells as the header.</summary>
    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty file, expected a header line.");
        var header = lines[0].Split(',');
        var rows = new List<string[]>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{path}, line {i + 1}: {cells.Length} cells, the header has {header.Length}.");
            rows.Add(cells);
        }
        return new CsvTable(path, header, rows);
    }

    /// <summary>Index of a column, with a clear error when absent.</summary>
    public int Column(string name)
    {
        int i = Array.IndexOf((string[])Header, name);
        if (i < 0) throw new InvalidDataException($"{Path}: no column '{name}' (columns: {string.Join(", ", Header)}).");
        return i;
    }

    /// <summary>A cell as a number (invariant culture), with file, line and column in the error.</summary>
    public double Number(int row, int column)
    {
        var text = Rows[row][column];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new InvalidDataException($"{Path}, line {row + 2}, column '{Header[column]}': '{text}' is not a number.");
        return v;
    }

    /// <summary>Whether every cell of a column parses as a number.</summary>
    public bool IsNumeric(int column) =>
        Rows.All(r => double.TryParse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
