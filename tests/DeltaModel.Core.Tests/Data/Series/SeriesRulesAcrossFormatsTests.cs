using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Data.Generic;
using static DeltaModel.Core.Tests.Data.Series.SeriesTable;

namespace DeltaModel.Core.Tests.Data.Series;

/// <summary>
/// Every broken-file rule holds the same way in every per-basin series format: the same real basin (generic layout,
/// <c>time_series/01022500.&lt;ext&gt;</c> plus <c>attributes/attributes.csv</c>) is broken by one named rule, written as
/// CSV, NetCDF classic, NetCDF 64-bit offset, netCDF-4 or Parquet, and loaded; the one <see cref="DataException"/>
/// names the file, the position (CSV: the line; NetCDF: index and date; Parquet: row), the column and the value.
/// </summary>
public class SeriesRulesAcrossFormatsTests
{
    const string Basin = "01022500";
    const int Row = 8;   // 0-based data row: 1981-01-09

    /// <summary>A rule: how to break the table (or the attribute table), and what the message says besides the position.</summary>
    sealed record Rule(Action<SeriesTable> Break, int? Row, string[] Expected, bool BreaksAttributes = false);

    static readonly Dictionary<string, Rule> rules = new()
    {
        ["missing_forcing"] = new(t => t.Columns["prcp"][Row] = null, Row, ["(missing) in column prcp", "only the target may be missing"]),
        ["nan_forcing"] = new(t => t.Columns["tmean"][Row] = double.NaN, Row, ["'NaN' (missing) in column tmean"]),
        ["duplicated_date"] = new(t => t.DuplicateRow(Row), Row + 1, ["date 1981-01-09 in column date", "repeats or goes back"]),
        ["missing_date"] = new(t => t.DeleteRow(Row), Row, ["date 1981-01-10 in column date", "skips 1 day(s) after 1981-01-08"]),
        ["temperature_in_kelvin"] = new(t => t.Columns["tmean"][Row] = 274.5, Row, ["274.5 in column tmean", "plausible range of tmean", "looks like kelvin"]),
        ["negative_discharge"] = new(t => t.Columns["streamflow"][Row] = -0.5, Row, ["-0.5 in column streamflow", "≥ 0 mm/d"]),
        ["precipitation_in_metres"] = new(t => { var p = t.Columns["prcp"]; for (int i = 0; i < p.Count; i++) p[i] /= 1000; }, LargestPrecipitationRow,
            ["in column prcp", "is the largest of 730 days of prcp", "contradicts mm/d", "looks like m/d"]),
        ["attribute_missing"] = new(_ => { }, null, ["basin 01022500 has '' (missing) for attribute p_mean", "data.attribute_fill"], BreaksAttributes: true),
    };

    /// <summary>The row of the sample's wettest day (where the m/d check points).</summary>
    static int LargestPrecipitationRow
    {
        get
        {
            var p = SeriesTable.Sample().Columns["prcp"];
            int largest = 0;
            for (int i = 1; i < p.Count; i++) if (p[i] > p[largest]) largest = i;
            return largest;
        }
    }

    public static TheoryData<string, Format> Cases()
    {
        var data = new TheoryData<string, Format>();
        foreach (var rule in rules.Keys)
            foreach (var format in Enum.GetValues<Format>()) data.Add(rule, format);
        return data;
    }

    [SkippableTheory, MemberData(nameof(Cases))]
    public void BrokenSeries_IsOneError_NamingFilePositionColumnAndValue(string ruleName, Format format)
    {
        var rule = rules[ruleName];
        var folder = DataPaths.TempFolder();
        try
        {
            var table = SeriesTable.Sample();
            rule.Break(table);
            var series = Path.Combine(folder, "time_series", Basin + Extension(format));
            Directory.CreateDirectory(Path.GetDirectoryName(series)!);
            table.Write(series, format);
            var attributes = WriteAttributes(folder, rule.BreaksAttributes);

            var e = Assert.Throws<DataException>(() => Load(folder));
            Assert.DoesNotContain('\n', e.Message);
            foreach (var expected in rule.Expected) Assert.Contains(expected, e.Message);
            if (rule.BreaksAttributes)
            {
                Assert.Equal(attributes, e.FilePath);
                Assert.Equal(2, e.Line);
                return;
            }
            Assert.Equal(series, e.FilePath);
            int row = rule.Row!.Value;
            switch (format)
            {
                case Format.Csv: Assert.Equal(row + 2, e.Line); break;       // the header is line 1
                case Format.Parquet: Assert.Null(e.Line); Assert.Contains($" at row {row + 1}", e.Message); break;
                default: Assert.Null(e.Line); Assert.Contains($" at index {row} ({table.Dates[row]:yyyy-MM-dd})", e.Message); break;
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [SkippableTheory]
    [InlineData(Format.NetCdfClassic, "K")]
    [InlineData(Format.NetCdf4, "kelvin")]
    public void NetCdf_DeclaredUnitsThatContradictTheVariable_AreOneError(Format format, string units)
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var table = SeriesTable.Sample();
            table.Units["tmean"] = units;
            var series = Path.Combine(folder, "time_series", Basin + ".nc");
            Directory.CreateDirectory(Path.GetDirectoryName(series)!);
            table.Write(series, format);
            WriteAttributes(folder, broken: false);
            var e = Assert.Throws<DataException>(() => Load(folder));
            Assert.Equal(series, e.FilePath);
            Assert.Contains($"column tmean declares units '{units}', but tmean is read in °C", e.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [SkippableTheory]
    [InlineData(Format.Csv)]
    [InlineData(Format.NetCdfClassic)]
    [InlineData(Format.NetCdf64BitOffset)]
    [InlineData(Format.NetCdf4)]
    [InlineData(Format.Parquet)]
    public void UnbrokenSeries_LoadsTheSameValues_InEveryFormat(Format format)
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var table = SeriesTable.Sample();
            table.Columns["streamflow"][3] = null;   // a missing target day: NaN in every format
            var series = Path.Combine(folder, "time_series", Basin + Extension(format));
            Directory.CreateDirectory(Path.GetDirectoryName(series)!);
            table.Write(series, format);
            WriteAttributes(folder, broken: false);
            var d = Load(folder);
            Assert.Equal(new DateOnly(1981, 1, 1), d.Start);
            Assert.Equal(730, d.DayCount);
            Assert.True(float.IsNaN(d.Target[3, 0]));
            for (int t = 0; t < d.DayCount; t++)
            {
                Assert.Equal((float)table.Columns["prcp"][t]!.Value, d.Variable("prcp")[t, 0]);
                Assert.Equal((float)table.Columns["tmean"][t]!.Value, d.Variable("tmean")[t, 0]);
            }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    static HydroDataset Load(string folder) => new GenericFormat().Load(folder, new DatasetRequest
    {
        Basins = BasinSelection.FromIds([Basin]), Attributes = ["p_mean"], Pet = "none", Variables = ["prcp", "tmean"],
    });

    /// <summary>The sample's attribute table, with the basin's p_mean emptied when <paramref name="broken"/>.</summary>
    static string WriteAttributes(string folder, bool broken)
    {
        var path = Path.Combine(folder, "attributes", "attributes.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = File.ReadAllLines(Path.Combine(DataPaths.GenericSample, "attributes", "attributes.csv"));
        if (broken) lines[1] = string.Join(',', lines[1].Split(',').Select((f, i) => lines[0].Split(',')[i] == "p_mean" ? "" : f));
        File.WriteAllLines(path, lines);
        return path;
    }
}
