namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// Experiments.proj with an experiment that ships trained weights in results/: Reproduce re-tests them (runner mode test,
/// weights copied into out/), stays up to date afterwards, retrains only with -p:Retrain=true, and -t:Ship copies the
/// small outputs back. The fake runner stands in for the runner (a shell script: skipped on Windows).
/// </summary>
[Collection("Sequential")]
public sealed class ShippedWeightsTests
{
    [SkippableFact]
    public void Reproduce_RetestsShippedWeights_AndRetrainsOnlyWhenAsked()
    {
        Skip.If(OperatingSystem.IsWindows(), "needs /bin/sh: the fake runner is a shell script");
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("headline");
        var shipped = ShipWeights(dir);

        var (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal(1, ws.Runs("headline"));
        Assert.Contains("--mode test", ws.LastRun("headline"));
        Assert.Equal("shipped weights", File.ReadAllText(Path.Combine(dir, "out", "model", "best.ckpt")));

        (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal(1, ws.Runs("headline"));                              // up to date

        (code, log) = ws.MSBuild("Reproduce", "Retrain=true");
        Assert.True(code == 0, log);
        Assert.Equal(2, ws.Runs("headline"));
        Assert.DoesNotContain("--mode test", ws.LastRun("headline"));
        Assert.Contains("--fresh", ws.LastRun("headline"));                // a training from scratch

        (code, log) = ws.MSBuild("Ship", "Experiment=headline");
        Assert.True(code == 0, log);
        Assert.True(File.Exists(Path.Combine(dir, "results", "results.json")));
        Assert.True(File.Exists(Path.Combine(dir, "results", "test", "metrics.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "results", "test", "simulation.csv")));
        Assert.Equal("shipped weights", File.ReadAllText(Path.Combine(shipped, "best.ckpt"))); // without ShipWeights the model stays
    }

    /// <summary>Gives the experiment in <paramref name="dir"/> shipped weights (results/model/best.ckpt holding
    /// "shipped weights"); returns results/model.</summary>
    internal static string ShipWeights(string dir)
    {
        var shipped = Directory.CreateDirectory(Path.Combine(dir, "results", "model")).FullName;
        File.Copy(Path.Combine(dir, "experiment.yaml"), Path.Combine(dir, "results", "config.resolved.yaml"));
        File.WriteAllText(Path.Combine(shipped, "normalization.json"), "{}");
        File.WriteAllText(Path.Combine(shipped, "best.ckpt"), "shipped weights");
        return shipped;
    }
}
