using System.Globalization;
using System.Text.Json;
using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

[Collection("Sequential")]
public class MetricsWriterTests
{
    [Fact]
    public void Write_ProducesCsvAndSummaryInInvariantCulture()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var metrics = new[]
        {
            MetricsCalculator.Compute([1, 2, 3, 4], [2, 2, 2, 6]),
            MetricsCalculator.Compute([1, 2], [float.NaN, float.NaN]),
        };
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            MetricsWriter.Write(dir, ["01013500", "01022500"], metrics);
        }
        finally { CultureInfo.CurrentCulture = culture; }

        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
        var lines = File.ReadAllLines(Path.Combine(dir, MetricsWriter.CsvFileName));
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("basin", header[0]);
        Assert.Equal(BasinMetrics.Names, header.Skip(1).Take(BasinMetrics.Names.Count));
        Assert.Equal(["n_obs", "missing"], header.Skip(1 + BasinMetrics.Names.Count));
        Assert.StartsWith("01013500,0.5,0.5,", lines[1]);
        Assert.StartsWith("01022500,NaN,", lines[2]);
        Assert.Contains("no day with an observation", lines[2]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, MetricsWriter.SummaryFileName)));
        var nse = json.RootElement.GetProperty("metrics").GetProperty("nse");
        Assert.Equal(2, json.RootElement.GetProperty("basins").GetInt32());
        Assert.Equal(0.5, nse.GetProperty("median").GetDouble(), 12);
        Assert.Equal(1, nse.GetProperty("n").GetInt32());
        Assert.Equal(1, nse.GetProperty("missing").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("metrics").GetProperty("fhv_yilmaz").GetProperty("median").ValueKind);
    }

    [Fact]
    public void WriteCsv_And_WriteSummary_WriteOneFileEach()
    {
        var csvDir = Directory.CreateTempSubdirectory().FullName;
        var jsonDir = Directory.CreateTempSubdirectory().FullName;
        var metrics = new[] { MetricsCalculator.Compute([1, 2, 3, 4], [2, 2, 2, 6]) };
        Assert.Equal(Path.Combine(csvDir, MetricsWriter.CsvFileName), MetricsWriter.WriteCsv(csvDir, ["01013500"], metrics));
        Assert.Equal(Path.Combine(jsonDir, MetricsWriter.SummaryFileName), MetricsWriter.WriteSummary(jsonDir, metrics));
        Assert.Equal([MetricsWriter.CsvFileName], Directory.GetFiles(csvDir).Select(Path.GetFileName));
        Assert.Equal([MetricsWriter.SummaryFileName], Directory.GetFiles(jsonDir).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_IdCountMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            MetricsWriter.Write(Path.GetTempPath(), ["a"], [MetricsCalculator.Compute([1, 2], [1, 2]), MetricsCalculator.Compute([1, 2], [1, 2])]));
        Assert.Contains("1 basin ids for 2", e.Message);
    }
}
