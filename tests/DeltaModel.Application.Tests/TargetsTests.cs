using DeltaModel.Core.Configuration;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Targets from the config (<c>train.targets</c>): a second observed variable adds its weighted loss and gets its own
/// metrics; a target the physics has no output for is one config error; without the key nothing changes.
/// </summary>
public class TargetsTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-targets-tests", Guid.NewGuid().ToString("N"));

    public TargetsTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    string Experiment(string name)
    {
        var dir = Path.Combine(folder, name);
        Directory.CreateDirectory(dir);
        return TinyExperiment.Write(dir);
    }

    // The sample has no ET observations: PET stands in for "an ET product" compared with HBV's actual ET. The point is
    // the mechanism (a second variable, its own output, loss, weight and metrics), not the hydrology.
    static readonly (string, string)[] TwoTargets =
    [
        ("train.targets", "[{variable: streamflow, loss: {name: rmse_comb}}, {variable: pet, output: AET_hydro, weight: 0.5, loss: {name: mse}}]"),
    ];

    [Fact]
    public void A_second_target_adds_its_weighted_loss_and_gets_its_own_metrics()
    {
        var single = new ExperimentRunner(RunPlan.FromFile(Experiment("single"), new RunOverrides())).Run();
        var path = Experiment("two");
        var lines = new List<string>();
        var two = new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = TwoTargets }), log: lines.Add).Run();
        // Same seed and data; the first minibatch has the same weights in both runs, and the ET term only adds to it.
        Assert.True(two.Training!.Epochs[0].Loss > single.Training!.Epochs[0].Loss,
            $"loss with the ET term {two.Training.Epochs[0].Loss} should exceed streamflow alone {single.Training.Epochs[0].Loss}");
        var metrics = Path.Combine(Path.GetDirectoryName(path)!, "out", "test", "targets", "pet", "metrics.csv");
        Assert.True(File.Exists(metrics), $"{metrics} is written");
        Assert.Contains(lines, l => l.StartsWith("targets: streamflow ~ streamflow (rmse_comb, weight 1); pet ~ AET_hydro (mse, weight 0.5)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("target pet ~ AET_hydro: median NSE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_target_output_the_physics_lacks_is_one_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigException>(() => RunPlan.FromFile(Experiment("bad"), new RunOverrides
        {
            Settings = [("train.targets", "[{variable: streamflow}, {variable: pet, output: ET_actual}]")],
        }));
        Assert.Contains("train.targets[1]", e.Message);
        Assert.Contains("ET_actual", e.Message);
        Assert.Contains("AET_hydro", e.Message);                                          // the outputs it could name
    }

    [Fact]
    public void The_primary_target_must_be_data_target()
    {
        var e = Assert.Throws<ConfigException>(() => RunPlan.FromFile(Experiment("primary"), new RunOverrides
        {
            Settings = [("train.targets", "[{variable: pet, output: AET_hydro}]")],
        }));
        Assert.Contains("data.target", e.Message);
    }

    [Fact]
    public void Without_targets_the_config_hash_is_that_of_a_file_that_never_knew_the_key()
    {
        var path = Experiment("hash");
        var plain = RunPlan.FromFile(path, new RunOverrides()).Config;
        var written = YamlBinder.Write(plain);
        foreach (var key in new[] { "targets", "postprocessor", "plugins" })
            Assert.DoesNotMatch($@"(?m)^\s*{key}:", written);                                 // left out, not written as null
        var explicitDefault = RunPlan.FromFile(path, new RunOverrides { Settings = [("train.targets", "[{variable: streamflow, output: streamflow}]")] }).Config;
        Assert.NotEqual(ExperimentRunner.ConfigHash(plain), ExperimentRunner.ConfigHash(explicitDefault));   // a key given is a key hashed
        Assert.Equal(ExperimentConfig.DefaultTargetOutput, plain.Targets().Single().OutputName);
    }
}
