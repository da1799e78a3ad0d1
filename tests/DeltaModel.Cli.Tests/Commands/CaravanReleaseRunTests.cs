namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// A folder in the official Caravan layout with two sources (<c>data/caravan-release-sample</c>) trains and tests
/// through <c>deltamodel run</c>, and <c>deltamodel dataset</c> summarises it: a tiny experiment written here, so the
/// test is about the data path, not the model.
/// </summary>
[Collection("Sequential")]
public class CaravanReleaseRunTests
{
    static string Sample => Path.Combine(CliHarness.RepoRoot, "data", "caravan-release-sample");

    static string WriteExperiment(string folder, string dataExtra = "", string outputs = "[csv, parquet]", string? dataset = null) =>
        WriteFile(Path.Combine(folder, "experiment.yaml"), $"""
            name: caravan-release-tiny
            mode: train_test
            seed: 1
            device: cpu
            data:
              format: caravan_release
              path: {dataset ?? Sample}
              basins: [camels_01022500, hysets_01052500, camels_01047000]
            {dataExtra}
            model:
              warm_up: 30
              rho: 60
              nn: {"{"}name: lstm, hidden_size: 8, forcings: [prcp, tmean, pet], attributes: [p_mean, aridity, frac_snow, area]{"}"}
              physics: {"{"}name: hbv, nmul: 2{"}"}
            train:
              period: {"{"}start: 1981-03-01, end: 1981-12-31{"}"}
              epochs: 1
              iterations_per_epoch: 1
              batch_size: 3
            test:
              period: {"{"}start: 1982-02-01, end: 1982-12-31{"}"}
            outputs:
              formats: {outputs}
            """);

    static string WriteFile(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_TrainsAndTests_OnBasinsOfTwoCaravanSources()
    {
        var dir = Directory.CreateTempSubdirectory("dm-caravan-release-").FullName;
        try
        {
            var outDir = Path.Combine(dir, "out");
            var (code, output, error) = CliHarness.Invoke("run", WriteExperiment(dir, outputs: "[netcdf, csv]"), "--output", outDir);
            Assert.True(code == 0, error + output);
            Assert.Contains("Caravan release (camels, hysets)", output);
            Assert.Matches(@"hysets_01052500\s+-?\d+\.\d{3}", output);
            Assert.Matches(@"camels_01047000\s+-?\d+\.\d{3}", output);
            var metrics = File.ReadAllText(Path.Combine(outDir, "test", "metrics.csv"));
            Assert.Contains("camels_01022500", metrics);
            // outputs.formats [netcdf, csv]: simulation.nc (NetCDF classic CDF-2) and the CSV tables, no Parquet.
            var test = Path.Combine(outDir, "test");
            Assert.Equal("CDF\x02"u8.ToArray(), File.ReadAllBytes(Path.Combine(test, "simulation.nc"))[..4]);
            Assert.True(File.Exists(Path.Combine(test, "simulation.csv")));
            Assert.False(File.Exists(Path.Combine(test, "simulation.parquet")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// The NetCDF form of the release, mixed with CSV in one folder: camels_01022500 as CSV, camels_01047000 and
    /// hysets_01052500 only as netCDF-4 (the committed sample's timeseries/netcdf).
    /// </summary>
    [Fact]
    public void Run_TrainsAndTests_OnNetCdfSeriesOfTwoSources_MixedWithCsv()
    {
        var dir = Directory.CreateTempSubdirectory("dm-caravan-release-nc-").FullName;
        try
        {
            var dataset = Path.Combine(dir, "caravan");
            foreach (var file in Directory.EnumerateFiles(Sample, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Sample, file).Replace('\\', '/');
                bool keep = relative.StartsWith("attributes/") || relative == "timeseries/csv/camels/camels_01022500.csv"
                            || relative.EndsWith("camels_01047000.nc") || relative.EndsWith("hysets_01052500.nc");
                if (!keep) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dataset, relative))!);
                File.Copy(file, Path.Combine(dataset, relative));
            }
            var outDir = Path.Combine(dir, "out");
            var (code, output, error) = CliHarness.Invoke("run", WriteExperiment(dir, dataset: dataset), "--output", outDir);
            Assert.True(code == 0, error + output);
            Assert.Contains("Caravan release (camels, hysets)", output);
            Assert.Matches(@"hysets_01052500\s+-?\d+\.\d{3}", output);
            Assert.Matches(@"camels_01047000\s+-?\d+\.\d{3}", output);
            Assert.True(File.Exists(Path.Combine(outDir, "test", "metrics.csv")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Run_AVariableMappedToAColumnTheFilesLack_IsOneErrorListingTheColumns()
    {
        var dir = Directory.CreateTempSubdirectory("dm-caravan-release-").FullName;
        try
        {
            var (code, _, error) = CliHarness.Invoke("run", WriteExperiment(dir, "  variables: {prcp: precipitation_era5}"), "--output", Path.Combine(dir, "out"));
            Assert.NotEqual(0, code);
            Assert.Contains("missing column(s) precipitation_era5 (for prcp)", error);
            Assert.Contains("the file has: total_precipitation_sum, temperature_2m_mean", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Dataset_SummarisesAMixedSourceSelection()
    {
        var (code, output, error) = CliHarness.Invoke("dataset", Sample, "--basins", "hysets_01052500,camels_01022500", "--attributes", "area,p_mean");
        Assert.True(code == 0, error + output);
        Assert.Contains("hysets_01052500 camels_01022500", output);
        Assert.Contains("1981-01-01..1982-12-31 (730 days)", output);
        Assert.Matches(@"tmean\s+°C", output);
    }
}
