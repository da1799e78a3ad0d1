using DeltaModel.Core.Metrics;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// <c>deltamodel simulate</c> on a tiny model trained here (1 minibatch on two sample basins): applied to a basin it never
/// saw, into a folder of its own, with metrics; from the shipped copy (<c>workspace ship --weights</c>) as from the run.
/// </summary>
[Collection("Sequential")]
public sealed class SimulateCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-simulate-").FullName;
    static string Sample => Path.Combine(CliHarness.RepoRoot, "data", "camels-sample");

    public void Dispose() => Directory.Delete(root, recursive: true);

    string TrainTinyModel()
    {
        var outDir = Path.Combine(root, "tiny", "out");
        var experiment = Path.Combine(CliHarness.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml");
        var (code, output, error) = CliHarness.Invoke("run", experiment, "--output", outDir, "--epochs", "1", "--mode", "train",
            "--set", "train.iterations_per_epoch=1", "--set", "model.nn.hidden_size=8", "--set", "model.physics.nmul=2",
            "--set", "data.basins=[01013500, 01022500]", "--set", "data.basin_file=null");
        Assert.True(code == 0, error + output);
        return outDir;
    }

    [Fact]
    public void Simulate_AppliesTheModelToUnseenBasins_WritesMetricsIntoItsOwnFolder_AndTheShippedCopyGivesTheSame()
    {
        var model = TrainTinyModel();
        var sim = Path.Combine(root, "sim");
        string[] Args(string m, string o) => ["simulate", "--model", m, "--data", Sample, "--basins", "01022500,01333000", "--period", "2010-10-01..2011-09-30", "--out", o];

        var (code, output, error) = CliHarness.Invoke(Args(model, sim));

        Assert.True(code == 0, error + output);
        Assert.Contains("median NSE", output);
        var metrics = MetricsTable.Read(Path.Combine(sim, "metrics.csv"));
        Assert.Equal(["01022500", "01333000"], metrics.Basins);                 // 01333000 was not trained on
        Assert.All(metrics.Column("nse"), v => Assert.True(double.IsFinite(v)));
        Assert.True(File.Exists(Path.Combine(sim, "simulation.csv")));
        Assert.False(Directory.Exists(Path.Combine(model, "simulate")));      // the model folder is left as it was

        // A second simulation into the same folder is refused without --force.
        (code, _, error) = CliHarness.Invoke(Args(model, sim));
        Assert.Equal(2, code);
        Assert.Contains("holds an earlier simulation", error);

        // The shipped copy: config, normalization and weights only, and the same simulation.
        (code, output, error) = CliHarness.Invoke("workspace", "ship", "--weights", Path.Combine(root, "tiny"));
        Assert.True(code == 0, error + output);
        var shipped = Path.Combine(root, "tiny", "results");
        Assert.True(File.Exists(Path.Combine(shipped, "results.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(shipped, "model"), "epoch_*.ckpt"));
        var fromShipped = Path.Combine(root, "sim-shipped");
        (code, output, error) = CliHarness.Invoke(Args(shipped, fromShipped));
        Assert.True(code == 0, error + output);
        var again = MetricsTable.Read(Path.Combine(fromShipped, "metrics.csv")).Column("nse");
        // The same weights through the same code path on the same machine (docs/platform.md, "Determinism").
        Assert.Equal(metrics.Column("nse"), again);
    }

    [Fact]
    public void Simulate_WithoutAModel_IsOneLineNamingTheFolder()
    {
        var (code, _, error) = CliHarness.Invoke("simulate", "--model", Path.Combine(root, "none"), "--data", Sample, "--out", Path.Combine(root, "x"));
        Assert.Equal(2, code);
        Assert.Contains("model folder not found", error);
        Assert.DoesNotContain("   at ", error);
    }
}
