using System.Globalization;
using System.Text;
using CsCheck;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Caravan;

namespace DeltaModel.Core.Tests.Data;

/// <summary>
/// Property-based tests of the data parsers (CsCheck): random valid rows parse to exactly the values written, and a
/// random row with one corrupted field is rejected with a <see cref="DataException"/> naming the file and that line.
/// CsCheck shrinks a failure to its smallest file and prints the seed that reproduces it.
/// </summary>
public sealed class ParserPropertyTests : IDisposable
{
    /// <summary>One folder per test, its files rewritten by each iteration and deleted at the end.</summary>
    readonly string folder = DataPaths.TempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    const int Iterations = 100;

    static string Number(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A valid value in [min, max], as the text a file would hold (two decimals, like CAMELS).</summary>
    static Gen<string> Valid(double min, double max) => Gen.Double[min, max].Select(Number);

    /// <summary>
    /// Text that no parser may accept for <paramref name="variable"/>: a sentinel, a non-finite or non-numeric token,
    /// or a number just outside the variable's plausible range (taken from the one range table).
    /// </summary>
    static Gen<string> Corrupt(string variable)
    {
        var range = VariableUnits.Variables[variable].Range;
        var bad = new List<string> { "NaN", "Infinity", "-999.00", "1,5", "12..5", "n/a" };
        bad.Add(Number(range.Min - 0.5));
        if (double.IsFinite(range.Max)) bad.Add(Number(range.Max + 0.5));
        return Gen.OneOf(bad.ToArray());
    }

    string TempFile(string name) => Path.Combine(folder, name);

    static void AssertRejectedAt(Action read, string path, int line, string why)
    {
        var e = Assert.Throws<DataException>(read);
        Assert.Equal(path, e.FilePath);
        Assert.True(e.Line == line, $"{why}: error names line {e.Line}, expected {line}: {e.Message}");
        Assert.StartsWith($"{path}:{line}: ", e.Message);
    }

    // ---- CAMELS forcing files -------------------------------------------------------------------------------

    static readonly (string Name, string Header, double Min, double Max)[] forcingColumns =
    [
        ("dayl", "dayl(s)", 30000, 55000), ("prcp", "prcp(mm/day)", 0, 150), ("srad", "srad(W/m2)", 20, 700),
        ("swe", "swe(mm)", 0, 500), ("tmax", "tmax(C)", -40, 45), ("tmin", "tmin(C)", -50, 35), ("vp", "vp(Pa)", 10, 4000),
    ];

    const int ForcingHeaderLines = 4;

    /// <summary>One value per column, each a uniform draw within the column's generator bounds.</summary>
    static readonly Gen<string[]> forcingRow = Gen.Double[0, 1].Array[forcingColumns.Length].Select(u =>
        u.Select((x, c) => Number(forcingColumns[c].Min + x * (forcingColumns[c].Max - forcingColumns[c].Min))).ToArray());

    string WriteForcing(IReadOnlyList<string[]> rows)
    {
        var path = TempFile("01000001_lump_nldas_forcing_leap.txt");
        var text = new StringBuilder("44.5\n300\n1000000000\nYear Mnth Day Hr ")
            .AppendJoin(' ', forcingColumns.Select(c => c.Header)).Append('\n');
        var day = new DateOnly(1990, 12, 25);
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{day.Year} {day.Month:00} {day.Day:00} 12\t").AppendJoin('\t', row).Append('\n');
            day = day.AddDays(1);
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Forcing_RandomValidRows_ParseToTheValuesWritten() =>
        forcingRow.Array[1, 40].Sample(rows =>
        {
            var file = CamelsForcingFile.Read(WriteForcing(rows));
            Assert.Equal(rows.Length, file.Days);
            for (int c = 0; c < forcingColumns.Length; c++)
                for (int t = 0; t < rows.Length; t++)
                    Assert.Equal(float.Parse(rows[t][c], CultureInfo.InvariantCulture), file.Columns[forcingColumns[c].Name][t]);
        }, iter: Iterations, threads: 1);

    [Fact]
    public void Forcing_OneCorruptedField_IsRejectedNamingItsLine() =>
        (from rows in forcingRow.Array[1, 40]
         from row in Gen.Int[0, rows.Length - 1]
         from column in Gen.Int[0, forcingColumns.Length - 1]
         from bad in Corrupt(forcingColumns[column].Name)
         select (rows, row, column, bad)).Sample(c =>
        {
            var rows = c.rows.Select(r => (string[])r.Clone()).ToArray();
            rows[c.row][c.column] = c.bad;
            var path = WriteForcing(rows);
            AssertRejectedAt(() => CamelsForcingFile.Read(path), path, ForcingHeaderLines + c.row + 1,
                $"'{c.bad}' in {forcingColumns[c.column].Name}");
        }, iter: Iterations, threads: 1);

    // ---- CAMELS streamflow files ----------------------------------------------------------------------------

    const string Gauge = "01000001";

    /// <summary>A valid discharge and flag: a measured value (A or A:e) or the missing code with M.</summary>
    static readonly Gen<string> flowRow = Gen.Frequency(
        (9, Gen.Select(Valid(0, 50000), Gen.OneOf("A", "A:e"), (q, flag) => $"{q} {flag}")),
        (1, Gen.Const("-999.00 M")));

    static readonly Gen<string> corruptFlowRow = Gen.OneOf(
        Valid(0.01, 50000).Select(q => $"{q} M"),        // flag M on a value
        Valid(0.01, 50000).Select(q => $"-{q} A"),       // negative discharge
        Gen.OneOf("NaN A", "Infinity A", "x A", "-999.00"));            // non-finite, not a number, no flag

    string WriteFlow(IReadOnlyList<string> rows)
    {
        var path = TempFile($"{Gauge}_streamflow_qc.txt");
        var text = new StringBuilder();
        var day = new DateOnly(1999, 2, 20);
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Gauge} {day.Year} {day.Month:00} {day.Day:00} {row}\n");
            day = day.AddDays(1);
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Streamflow_RandomValidRows_ParseToTheValuesWritten() =>
        flowRow.Array[1, 60].Sample(rows =>
        {
            var flow = CamelsStreamflowFile.Read(WriteFlow(rows), Gauge);
            Assert.Equal(rows.Length, flow.Cfs.Length);
            for (int t = 0; t < rows.Length; t++)
            {
                var q = rows[t].Split(' ')[0];
                if (q == "-999.00") Assert.True(float.IsNaN(flow.Cfs[t]));
                else Assert.Equal(float.Parse(q, CultureInfo.InvariantCulture), flow.Cfs[t]);
            }
        }, iter: Iterations, threads: 1);

    [Fact]
    public void Streamflow_OneCorruptedRow_IsRejectedNamingItsLine() =>
        (from rows in flowRow.Array[1, 60]
         from row in Gen.Int[0, rows.Length - 1]
         from bad in corruptFlowRow
         select (rows, row, bad)).Sample(c =>
        {
            var rows = (string[])c.rows.Clone();
            rows[c.row] = c.bad;
            var path = WriteFlow(rows);
            AssertRejectedAt(() => CamelsStreamflowFile.Read(path, Gauge), path, c.row + 1, $"'{c.bad}'");
        }, iter: Iterations, threads: 1);

    // ---- Caravan series ----------------------------------------------------------------------------------------

    /// <summary>The columns of a Caravan row and the variables whose ranges apply to them.</summary>
    static readonly (string Column, string Variable)[] caravanColumns = [("P", "prcp"), ("T", "tmean"), ("PET", "pet"), ("Q", "streamflow")];

    static readonly Gen<string[]> caravanRow = Gen.Select(
        Valid(0, 150), Valid(-40, 40), Gen.Double[-5, 80].Select(Number),
        Gen.Frequency((9, Valid(0, 400)), (1, Gen.Const("NA"))),
        (p, t, pet, q) => new[] { p, t, pet, q });

    /// <summary>The generated rows first, then constant valid rows up to the record's length (the files have no dates).</summary>
    string WriteCaravan(IReadOnlyList<string[]> rows)
    {
        var path = TempFile("01000001.csv");
        var text = new StringBuilder();
        foreach (var row in rows) text.AppendJoin(',', row).Append('\n');
        for (int i = rows.Count; i < CaravanLoader.Record.Days; i++) text.Append("1.5,3.25,2.0,0.75\n");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Caravan_RandomValidRows_ParseToTheValuesWritten() =>
        caravanRow.Array[1, 40].Sample(rows =>
        {
            var series = CaravanSeries.Read(WriteCaravan(rows));
            Assert.Equal(CaravanLoader.Record.Days, series.Days);
            for (int t = 0; t < rows.Length; t++)
            {
                Assert.Equal(float.Parse(rows[t][0], CultureInfo.InvariantCulture), series.Precipitation[t]);
                Assert.Equal(float.Parse(rows[t][1], CultureInfo.InvariantCulture), series.Temperature[t]);
                if (rows[t][3] == "NA") Assert.True(float.IsNaN(series.Streamflow[t]));
                else Assert.Equal(float.Parse(rows[t][3], CultureInfo.InvariantCulture), series.Streamflow[t]);
            }
        }, iter: 30, threads: 1);

    [Fact]
    public void Caravan_OneCorruptedField_IsRejectedNamingItsLine() =>
        (from rows in caravanRow.Array[1, 40]
         from row in Gen.Int[0, rows.Length - 1]
         from column in Gen.Int[0, 3]
         from bad in column switch
         {
             2 => Gen.OneOf("NA", "NaN", "x", ""),                       // PET: no range, but a finite number
             3 => Gen.OneOf("NaN", "-0.5", "x", ""),                     // Q: NA is legal, these are not
             _ => Gen.OneOf(Corrupt(caravanColumns[column].Variable), Gen.Const("NA"), Gen.Const("")),
         }
         select (rows, row, column, bad)).Sample(c =>
        {
            var rows = c.rows.Select(r => (string[])r.Clone()).ToArray();
            rows[c.row][c.column] = c.bad;
            var path = WriteCaravan(rows);
            AssertRejectedAt(() => CaravanSeries.Read(path), path, c.row + 1, $"'{c.bad}' in {caravanColumns[c.column].Column}");
        }, iter: 30, threads: 1);

    // ---- Gauge ids in attribute tables ------------------------------------------------------------------------

    static readonly Gen<string[]> gaugeIds =
        Gen.Int[0, 99_999_999].Select(i => i.ToString("D8", CultureInfo.InvariantCulture)).Array[1, 30]
            .Select(ids => ids.Distinct().ToArray());

    string WriteTable(IReadOnlyList<string> ids)
    {
        var dir = folder;
        File.WriteAllText(Path.Combine(dir, "camels_clim.txt"),
            "gauge_id;p_mean\n" + string.Concat(ids.Select((id, i) => $"{id};{i + 1}.5\n")));
        return dir;
    }

    [Fact]
    public void AttributeTable_RandomGaugeIds_AreKeptAsWritten() =>
        gaugeIds.Sample(ids =>
        {
            var table = CamelsAttributeTable.Load(WriteTable(ids));
            Assert.Equal(ids, table.Basins);
            for (int i = 0; i < ids.Length; i++) Assert.Equal(i + 1.5, table.Value(ids[i], "p_mean"));
        }, iter: Iterations, threads: 1);

    [Fact]
    public void AttributeTable_AnIdThatLostACharacter_IsRejectedNamingItsLine() =>
        (from ids in gaugeIds
         from row in Gen.Int[0, ids.Length - 1]
         select (ids, row)).Sample(c =>
        {
            var ids = (string[])c.ids.Clone();
            ids[c.row] = ids[c.row][1..]; // e.g. 01022500 → 1022500, which must not match as the number it spells
            var dir = WriteTable(ids);
            var e = Assert.Throws<DataException>(() => CamelsAttributeTable.Load(dir));
            Assert.Equal(Path.Combine(dir, "camels_clim.txt"), e.FilePath);
            Assert.Equal(c.row + 2, e.Line);
            Assert.Contains($"'{ids[c.row]}'", e.Message);
        }, iter: Iterations, threads: 1);
}
