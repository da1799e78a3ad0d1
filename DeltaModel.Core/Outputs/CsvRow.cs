using System.Globalization;

namespace DeltaModel.Core.Outputs;

/// <summary>One data row of a <see cref="CsvTable"/>, with its line in the file for error messages.</summary>
public sealed class CsvRow
{
    readonly CsvTable table;
    readonly string[] cells;

    internal CsvRow(CsvTable table, int line, string[] cells) => (this.table, Line, this.cells) = (table, line, cells);

    /// <summary>1-based line in the file.</summary>
    public int Line { get; }
    public int Count => cells.Length;
    public string this[int column] => cells[column];

    /// <summary>A cell as a number (invariant culture).</summary>
    /// <exception cref="InvalidDataException">Not a number (names file, line, column and the text).</exception>
    public double Number(int column) =>
        IsNumber(column, out var v) ? v
            : throw new InvalidDataException($"{table.Path}, line {Line}, column '{table.Header[column]}': '{cells[column]}' is not a number.");

    public bool IsNumber(int column) => IsNumber(column, out _);

    bool IsNumber(int column, out double value) =>
        double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
