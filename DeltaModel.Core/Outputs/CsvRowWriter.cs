using CsvHelper;

namespace DeltaModel.Core.Outputs;

/// <summary>Adds rows to a table being written by <see cref="CsvTable.Write"/>: cells one by one, or a row at once.</summary>
public sealed class CsvRowWriter
{
    readonly CsvWriter csv;

    internal CsvRowWriter(CsvWriter csv) => this.csv = csv;

    public void Cell(string text) => csv.WriteField(text);

    public void EndRow() => csv.NextRecord();

    public void Row(IEnumerable<string> cells)
    {
        foreach (var c in cells) csv.WriteField(c);
        csv.NextRecord();
    }
}
