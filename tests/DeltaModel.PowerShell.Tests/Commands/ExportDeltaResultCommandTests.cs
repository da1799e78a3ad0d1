using DeltaModel.Tests.Shared;
using System.Management.Automation;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class ExportDeltaResultCommandTests(ModuleSession session)
{
    [Fact]
    public void Results_AreWrittenAsTablesAndPlots_WithoutSilentOverwrite()
    {
        session.Trained.AssertClean();
        var folder = Path.Combine(session.Work, "report");
        var sims = session.Run($"$sims = $t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod}; $metrics = $sims | Measure-DeltaModel");
        sims.AssertClean();

        var whatIf = session.Run($"$sims | Export-DeltaResult -Path '{folder}' -WhatIf");
        whatIf.AssertClean();
        Assert.False(Directory.Exists(folder));
        Assert.Contains("simulation.parquet", whatIf.HostText);

        var r = session.Run($"$sims | Export-DeltaResult -Path '{folder}'; $metrics | Export-DeltaResult -Path '{folder}'");
        r.AssertClean();
        var files = r.Output.Select(o => Assert.IsType<FileInfo>(o.BaseObject).Name).ToList();
        Assert.Equal(["hydrograph_01013500.png", "hydrograph_01022500.png", "hydrograph_01333000.png", "metric_cdf.png",
                      "metrics.csv", "metrics.json", "scalars.csv", "simulation.csv", "simulation.parquet"], files.Order());
        Assert.Equal(3 * 365 + 1, File.ReadLines(Path.Combine(folder, "simulation.csv")).Count());
        var png = File.ReadAllBytes(Path.Combine(folder, "metric_cdf.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        var again = session.Run($"$metrics | Export-DeltaResult -Path '{folder}' -Format Csv");
        Assert.Null(again.Terminating);
        var exists = Assert.Single(again.Errors);   // metrics.csv: -Format Csv does not touch metrics.json
        Assert.Equal(ErrorCategory.ResourceExists, exists.CategoryInfo.Category);
        Assert.Equal(Path.Combine(folder, "metrics.csv"), exists.TargetObject);
        session.Run($"$metrics | Export-DeltaResult -Path '{folder}' -Format Csv -Force").AssertClean();
    }

    [Fact]
    public void EachFormat_WritesItsOwnFilesOnly()
    {
        session.Trained.AssertClean();
        session.Run($"$sims = $t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod}; $metrics = $sims | Measure-DeltaModel")
            .AssertClean();
        (string Format, string[] Files)[] cases =
        [
            ("Csv", ["metrics.csv", "scalars.csv", "simulation.csv"]),
            ("Parquet", ["simulation.parquet"]),
            ("Json", ["metrics.json"]),
        ];
        foreach (var (format, expected) in cases)
        {
            var folder = Path.Combine(session.Work, $"only-{format}");
            var r = session.Run($"@($sims) + @($metrics) | Export-DeltaResult -Path '{folder}' -Format {format}");
            r.AssertClean();
            Assert.Equal(expected, r.Output.Select(o => Assert.IsType<FileInfo>(o.BaseObject).Name).Order());
            Assert.Equal(expected, Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        }

        var none = session.Run($"$metrics | Export-DeltaResult -Path '{Path.Combine(session.Work, "only-none")}' -Format Parquet");
        none.AssertClean();
        Assert.Empty(none.Output);
        Assert.Contains("metrics are written as Csv, Json, Png", Assert.Single(none.Warnings).Message);
    }

    [SkippableFact]
    public void NetCdf_WritesOneFile_BasinByTimeWithUnits()
    {
        var ncdump = NcDump.Find();
        Skip.If(ncdump is null, NcDump.Missing);
        session.Trained.AssertClean();
        var folder = Path.Combine(session.Work, "report-nc");
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} | Export-DeltaResult -Path '{folder}' -Format NetCdf");
        r.AssertClean();
        var file = Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("simulation.nc", file.Name);

        var nc = NcDump.Run(ncdump!, file.FullName);
        Assert.Equal(["01013500", "01022500", "01333000"], nc.Strings("basin"));
        Assert.Equal("days since 1996-10-01", nc.Attribute("time:units"));
        Assert.Contains("float streamflow(basin, time) ;", nc.Text);
        Assert.Contains("float observed(basin, time) ;", nc.Text);
        Assert.Contains("basin = 3 ;", nc.Text);
        Assert.Contains("time = 365 ;", nc.Text);
        Assert.Equal(3 * 365, nc.Numbers("streamflow").Length);
        Assert.Equal("mm d-1", nc.Attribute("streamflow:units"));   // UDUNITS spelling of the model's mm/d
    }

    [Fact]
    public void UnsupportedInput_IsNonTerminating_InvalidType()
    {
        var r = session.Run("'text' | Export-DeltaResult -Path ./x -Format Csv");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("UnsupportedInput,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, e.CategoryInfo.Category);
    }
}
