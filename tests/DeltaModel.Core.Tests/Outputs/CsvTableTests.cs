using System.Globalization;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Tests.Outputs;

/// <summary>The one headed-CSV type: what it writes reads back cell for cell, in any culture.</summary>
[Collection("Sequential")]
public sealed class CsvTableTests
{
    readonly string folder = Directory.CreateTempSubdirectory("dm-csv-").FullName;

    [Fact]
    public void WriteThenRead_RoundTripsHeadersValuesAndQuotedCells_InAnyCulture()
    {
        var path = Path.Combine(folder, "table.csv");
        string[] header = ["basin", "value, with comma", "note"];
        double[] values = [0.1 + 0.2, -1.5e-30, double.NaN, 1234567.125];
        string[] notes = ["plain", "a, b", "say \"hi\"", "two\nlines"];
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");   // a decimal comma must not leak into the file
            CsvTable.Write(path, header, rows =>
            {
                for (int i = 0; i < values.Length; i++)
                    rows.Row([$"0101350{i}", values[i].ToString("R", CultureInfo.InvariantCulture), notes[i]]);
            });

            var table = CsvTable.Open(path);
            Assert.Equal(header, table.Header);
            var rows = table.Rows(complete: true).ToList();
            Assert.Equal(values.Length, rows.Count);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal($"0101350{i}", rows[i][0]);
                Assert.Equal(values[i], CsvTable.Number(rows[i][1]));    // round-trip: bit-equal, NaN stays NaN
                Assert.Equal(notes[i], rows[i][2]);
            }
        }
        finally { CultureInfo.CurrentCulture = culture; }

        // Quoting only where a cell needs it, '\n' line ends: the bytes users and diff tools see.
        Assert.StartsWith("basin,\"value, with comma\",note\n01013500,0.30000000000000004,plain\n", File.ReadAllText(path));
        Assert.Contains("\"say \"\"hi\"\"\"", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp-*"));
    }

    [Fact]
    public void Rows_KnowTheirLine_AndAStrictNumberNamesFileLineAndColumn()
    {
        var path = Path.Combine(folder, "forcings.csv");
        File.WriteAllText(path, "date,prcp\n2000-01-01,1.5\n\n2000-01-02,abc\n");
        var table = CsvTable.Open(path);
        var rows = table.Rows().ToList();
        Assert.Equal(1.5, rows[0].Number(1));
        var e = Assert.Throws<InvalidDataException>(() => rows[1].Number(table.Column("PRCP")));
        Assert.Equal($"{path}, line 4, column 'prcp': 'abc' is not a number.", e.Message);
    }

    [Fact]
    public void ShortRow_IsAnErrorWhenRowsMustBeComplete()
    {
        var path = Path.Combine(folder, "short.csv");
        File.WriteAllText(path, "a,b,c\n1,2,3\n4,5\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Open(path).Rows(complete: true).ToList());
        Assert.Equal($"{path}, line 3: 2 cells, the header has 3.", e.Message);
        Assert.Equal(2, CsvTable.Open(path).Rows().Last().Count);
    }

    [Fact]
    public void MissingColumnAndEmptyFile_AreClearErrors()
    {
        var path = Path.Combine(folder, "empty.csv");
        File.WriteAllText(path, "");
        Assert.Contains("empty file; expected a header row", Assert.Throws<InvalidDataException>(() => CsvTable.Open(path)).Message);
        File.WriteAllText(path, "basin,nse\n");
        Assert.Contains("no column 'kge'; found basin, nse", Assert.Throws<InvalidDataException>(() => CsvTable.Open(path).Column("kge")).Message);
    }

    [Fact]
    public void MetricsCsv_ReadsBackIntoTheMetricsTableItWasWrittenFrom()
    {
        var written = MetricsTable.Compute(["01013500", "01022500"], [1, 1, 2, 2, 3, 3, 4, 4], [2, float.NaN, 2, float.NaN, 2, float.NaN, 6, float.NaN], 4);
        written.Write(folder);

        var read = MetricsTable.Read(Path.Combine(folder, MetricsWriter.CsvFileName));

        Assert.Equal(written.Basins, read.Basins);
        foreach (var name in BasinMetrics.Names) Assert.Equal(written.Column(name), read.Column(name));
        Assert.Equal(written.Values.Select(v => v.ObservedDays), read.Values.Select(v => v.ObservedDays));
        Assert.Contains("no day with an observation", read.Values[1].MissingReason("nse"));
    }
}
