using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// A headed CSV table as the project reads and writes it (metrics, simulations, training logs, case folders): comma
/// separated, invariant culture, fields quoted only when they hold a comma, quote or line break, '\n' line ends. Cells
/// are text: writers format numbers themselves (round-trip "R" as docs/outputs.md states), readers parse with
/// <see cref="Number(string)"/> or <see cref="CsvRow.Number"/>. Parsing and quoting are CsvHelper's; rows are
/// streamed, so a long-format simulation.csv of millions of rows is never held in memory.
/// </summary>
public sealed class CsvTable
{
    static readonly CsvConfiguration WriteConfig = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",
        ShouldQuote = args => args.Field is { } f && f.AsSpan().IndexOfAny(",\"\r\n") >= 0,
    };

    CsvTable(string path, IReadOnlyList<string> header) => (Path, Header) = (path, header);

    public string Path { get; }
    public IReadOnlyList<string> Header { get; }

    /// <summary>Opens a CSV file and reads its header row.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is empty or its quoting is malformed (names file and line).</exception>
    public static CsvTable Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        using var parser = Parser(path);
        return parser.Read() ? new CsvTable(path, parser.Record!) : throw new InvalidDataException($"{path}: empty file; expected a header row.");
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

    /// <summary>Data rows, streamed (header skipped, blank lines ignored).</summary>
    /// <param name="complete">Require every row to have one cell per header column (an error names file and line).</param>
    public IEnumerable<CsvRow> Rows(bool complete = false)
    {
        using var parser = Parser(Path);
        parser.Read();
        while (parser.Read())
        {
            var row = new CsvRow(this, parser.RawRow, parser.Record!);
            if (complete && row.Count != Header.Count)
                throw new InvalidDataException($"{Path}, line {row.Line}: {row.Count} cells, the header has {Header.Count}.");
            yield return row;
        }
    }

    /// <summary>Parses a number leniently: empty, <c>NaN</c>, <c>NA</c> and unparsable cells read as NaN.</summary>
    public static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>Writes a table atomically: <paramref name="header"/>, then the rows <paramref name="writeRows"/> adds.</summary>
    public static void Write(string path, IEnumerable<string> header, Action<CsvRowWriter> writeRows) =>
        AtomicFile.WriteText(path, w =>
        {
            using var csv = new CsvWriter(w, WriteConfig, leaveOpen: true);
            var rows = new CsvRowWriter(csv);
            rows.Row(header);
            writeRows(rows);
            csv.Flush();
        });

    /// <summary>A parser that owns its reader (disposing it closes the file).</summary>
    static CsvParser Parser(string path) =>
        new(new StreamReader(path), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => throw new InvalidDataException(
                $"{path}, line {args.Context.Parser?.RawRow}: malformed quoting in '{args.RawRecord.TrimEnd()}' (a quoted field must end with a quote)."),
        });
}
