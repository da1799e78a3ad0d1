using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Tests.Configuration;

/// <summary>The keys the bring-your-own-data work added: <c>outputs.formats</c> and <c>data.variables</c>.</summary>
public sealed class OutputsAndDataVariablesConfigTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("config-byod-").FullName;

    public OutputsAndDataVariablesConfigTests() => Directory.CreateDirectory(Path.Combine(dir, "data"));

    public void Dispose() => Directory.Delete(dir, recursive: true);

    ExperimentConfig Load(string extra)
    {
        var path = Path.Combine(dir, "experiment.yaml");
        File.WriteAllText(path, "data:\n  path: data\n  format: caravan_release\n" + extra +
                                "\ntrain:\n  period: {start: 1995-10-01, end: 2005-09-30}\ntest:\n  period: {start: 2005-10-01, end: 2013-09-30}\n");
        return ExperimentConfig.Load(path);
    }

    [Fact]
    public void Defaults_AreCsvAndParquet_AndNoColumnMap()
    {
        var c = Load("");
        Assert.Equal(["csv", "parquet"], c.Outputs.Formats);
        Assert.Empty(c.Data.Variables);
    }

    [Fact]
    public void Formats_AnyCombination_AndTheColumnMap_Bind()
    {
        var c = Load("  variables: {prcp: precip, streamflow: Q_mm}\noutputs:\n  formats: [netcdf, csv]");
        Assert.Equal(["netcdf", "csv"], c.Outputs.Formats);
        Assert.Equal("precip", c.Data.Variables["prcp"]);
        Assert.Equal("Q_mm", c.Data.Variables["streamflow"]);
    }

    [Fact]
    public void AnUnknownFormat_IsAnErrorNamingTheKeyAndTheChoices()
    {
        var e = Assert.Throws<ConfigException>(() => Load("outputs:\n  formats: [csv, netcdf4]"));
        Assert.Contains("outputs.formats", e.Message);
        Assert.Contains("csv, parquet, netcdf", e.Message);
        Assert.Contains("netcdf4", e.Message);
    }
}
