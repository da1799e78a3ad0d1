namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// NeuralHydrology's generic layout (<c>data/generic-sample</c>: <c>time_series/&lt;id&gt;.csv</c> and one attribute
/// table) trains and tests through <c>deltamodel run</c> with a tiny one-epoch experiment written here, and
/// <c>deltamodel dataset</c> summarises it with each variable's unit, missing share and range.
/// </summary>
[Collection("Sequential")]
public class GenericRunTests
{
    static string Sample => Path.Combine(CliHarness.RepoRoot, "data", "generic-sample");

    [Fact]
    public void Run_TrainsAndTests_OnTheGenericSample()
    {
        var dir = Directory.CreateTempSubdirectory("dm-generic-").FullName;
        try
        {
            var experiment = Path.Combine(dir, "experiment.yaml");
            File.WriteAllText(experiment, $$"""
                name: generic-tiny
                mode: train_test
                seed: 1
                device: cpu
                data:
                  format: generic
                  path: {{Sample}}
                  basins: [01022500, 01047000]
                model:
                  warm_up: 30
                  rho: 60
                  nn: {name: lstm, hidden_size: 8, forcings: [prcp, tmean, pet], attributes: [p_mean, aridity, frac_snow, area]}
                  physics: {name: hbv, nmul: 2}
                train:
                  period: {start: 1981-03-01, end: 1981-12-31}
                  epochs: 1
                  iterations_per_epoch: 1
                  batch_size: 2
                test:
                  period: {start: 1982-02-01, end: 1982-12-31}
                outputs:
                  formats: [csv]
                """);
            var outDir = Path.Combine(dir, "out");
            var (code, output, error) = CliHarness.Invoke("run", experiment, "--output", outDir);
            Assert.True(code == 0, error + output);
            Assert.Matches(@"01047000\s+-?\d+\.\d{3}", output);
            Assert.Contains("01022500", File.ReadAllText(Path.Combine(outDir, "test", "metrics.csv")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Dataset_ReportsUnitMissingShareAndRange_PerVariable()
    {
        var (code, output, error) = CliHarness.Invoke("dataset", Sample, "--pet", "none");
        Assert.True(code == 0, error + output);
        Assert.Contains("generic per-basin", output);
        Assert.Matches(@"prcp\s+mm/d\s+0\.0 %\s+0\s+\d+\.\d+\s+\d+", output);
        Assert.Matches(@"tmean\s+°C\s+0\.0 %\s+-\d+", output);
    }
}
