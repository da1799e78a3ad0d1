namespace DeltaModel.Cli.Tests.Commands;

/// <summary>The <c>run</c> verb in-process: the per-basin table, the summary lines, and one-line errors for bad input.</summary>
[Collection("Sequential")]
public class RunCommandTests
{
    static string RepoRoot() => CliHarness.RepoRoot;

    static (int Code, string Out, string Err) Invoke(params string[] args) => CliHarness.Invoke(args);

    [Fact]
    public void Run_trains_tests_and_prints_the_metric_table_of_the_sample_experiment()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"deltamodel-cli-run-{Guid.NewGuid():N}");
        try
        {
            var experiment = Path.Combine(RepoRoot(), "experiments", "camels-sample-dhbv", "experiment.yaml");
            var (code, output, error) = Invoke("run", experiment, "--output", outDir, "--epochs", "1",
                "--set", "train.iterations_per_epoch=1", "--set", "model.nn.hidden_size=8", "--set", "model.physics.nmul=2",
                "--set", "data.basins=[01013500, 01022500]", "--set", "data.basin_file=null",
                "--set", "test.period.start=2012-10-01");
            Assert.True(code == 0, error + output);
            Assert.Contains("epoch   1/1", output);
            Assert.Matches(@"01013500\s+-?\d+\.\d{3}", output);       // a table row with NSE
            Assert.Contains("median", output);
            Assert.Contains(Path.Combine(outDir, "results.json"), output);
            Assert.True(File.Exists(Path.Combine(outDir, "test", "metrics.csv")));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void What_if_prints_the_plan_with_the_overrides_applied_and_writes_nothing()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"deltamodel-cli-whatif-{Guid.NewGuid():N}");
        var experiment = Path.Combine(RepoRoot(), "experiments", "camels-sample-dhbv", "experiment.yaml");
        var (code, output, error) = Invoke("run", experiment, "--output", outDir, "--set", "train.epochs=4", "--epochs", "2",
            "--set", "model.nn.hidden_size=8", "--what-if");
        Assert.True(code == 0, error + output);
        Assert.Contains("lstm(8) → hbv", output);
        Assert.Contains("training: 2 epoch(s)", output);                 // --epochs over --set over the file
        Assert.Contains("per epoch", output);
        Assert.Contains(Path.Combine(outDir, "config.resolved.yaml"), output);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_misspelt_key_is_one_line_naming_file_line_and_suggestion()
    {
        var experiment = Path.Combine(RepoRoot(), "experiments", "camels-sample-dhbv", "experiment.yaml");
        var (code, _, error) = Invoke("run", experiment, "--set", "train.epoch=3");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("did you mean 'epochs'", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_missing_experiment_file_is_a_clean_error()
    {
        var (code, _, error) = Invoke("run", "no/such/experiment.yaml");
        Assert.Equal(2, code);
        Assert.Contains("experiment.yaml", error);
        Assert.DoesNotContain("   at ", error);
    }
}
