using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>
/// An ensemble trained a member at a time across clones of the repository: a member finished in one clone is shipped
/// with its weights while the experiment is still going (<c>workspace ship --weights</c>), a fresh clone takes it back
/// (<c>workspace start --shipped</c>, as Reproduce does) and the runner tests it without training it again, trains the
/// member still missing, and combines both — with the same scores the member had where it was trained.
/// </summary>
[Collection("Sequential")]
public sealed class ShippedMembersTests : IDisposable
{
    readonly string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"deltamodel-shipped-members-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_member_finished_in_one_clone_is_tested_not_trained_in_the_next_which_trains_only_the_rest()
    {
        var first = Experiment("first");
        var (code, output, error) = CliHarness.Invoke("run", first, "--member", "seed_1", "--quiet");
        Assert.True(code == 0, error + output);
        (code, output, error) = CliHarness.Invoke("workspace", "ship", Path.GetDirectoryName(first)!, "--weights");
        Assert.True(code == 0, error + output);

        var shipped = Path.Combine(root, "first", "results");
        var member = new RunFolder(Path.Combine(shipped, "members", "seed_1"));
        Assert.False(File.Exists(Path.Combine(shipped, RunFolder.ResultsFileName)));   // the experiment has not finished
        foreach (var file in new[] { member.Results, member.Config, member.NormalizationStatistics, member.BestCheckpoint, member.TrainingLog, member.MetricsCsv })
            Assert.True(File.Exists(file), file);
        Assert.False(File.Exists(member.ResumeCheckpoint));                              // no optimizer state travels
        Assert.False(Directory.Exists(Path.Combine(shipped, "members", "seed_2")));

        // A fresh clone: the experiment file and its committed results/, no out/.
        var second = Experiment("second");
        CopyTree(shipped, Path.Combine(root, "second", "results"));
        var output2 = Path.Combine(root, "second", "out");
        (code, output, error) = CliHarness.Invoke("workspace", "start", "--marker", Path.Combine(root, "second", "obj", "main.Reproduce.done"),
            "--mode", "", "--shipped", Path.Combine(root, "second", "results"), "--output", output2, "--retrain", "false");
        Assert.True(code == 0, error + output);
        Assert.DoesNotContain("--mode test", output);                                    // a member is missing: train_test
        (code, output, error) = CliHarness.Invoke("run", second);
        Assert.True(code == 0, error + output);

        Assert.Contains("member seed_1: finished elsewhere", output);
        Assert.False(File.Exists(new RunFolder(Path.Combine(output2, "members", "seed_1")).ResumeCheckpoint));  // not trained here
        Assert.True(File.Exists(new RunFolder(Path.Combine(output2, "members", "seed_2")).ResumeCheckpoint));   // trained here
        Assert.Equal(File.ReadAllText(member.MetricsCsv), File.ReadAllText(new RunFolder(Path.Combine(output2, "members", "seed_1")).MetricsCsv));
        var combined = RunResults.Read(new RunFolder(output2).Results);
        Assert.Equal([2, 2], combined.Members!.Select(m => m.Training!.Epochs));     // the shipped member keeps its training record
        Assert.Equal(RunResults.Read(member.Results).Training!.Minibatches, combined.Members![0].Training!.Minibatches);
    }

    [Fact]
    public void Shipped_weights_of_another_configuration_are_trained_over()
    {
        var first = Experiment("first");
        Assert.Equal(0, CliHarness.Invoke("run", first, "--member", "seed_1", "--quiet").Code);
        Assert.Equal(0, CliHarness.Invoke("workspace", "ship", Path.GetDirectoryName(first)!, "--weights").Code);
        var second = Experiment("second", hidden: 6);
        CopyTree(Path.Combine(root, "first", "results"), Path.Combine(root, "second", "results"));
        var output2 = Path.Combine(root, "second", "out");
        Assert.Equal(0, CliHarness.Invoke("workspace", "start", "--marker", Path.Combine(root, "second", "obj", "main.Reproduce.done"), "--mode", "",
            "--shipped", Path.Combine(root, "second", "results"), "--output", output2, "--retrain", "false").Code);

        var (code, output, error) = CliHarness.Invoke("run", second, "--member", "seed_1");
        Assert.True(code == 0, error + output);
        Assert.DoesNotContain("finished elsewhere", output);
        Assert.True(File.Exists(new RunFolder(Path.Combine(output2, "members", "seed_1")).ResumeCheckpoint));
    }

    /// <summary>A two-seed ensemble of a tiny δHBV on two sample basins (2 epochs of 2 minibatches), in <c>root/name/</c>.</summary>
    string Experiment(string name, int hidden = 8)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var sample = Path.Combine(CliHarness.RepoRoot, "data", "camels-sample").Replace('\\', '/');
        var path = Path.Combine(folder, "experiment.yaml");
        File.WriteAllText(path, $$"""
            name: tiny-ensemble
            mode: train_test
            data: {format: camels, path: {{sample}}, forcing_source: nldas, pet: oudin, basins: ["01013500", "01022500"]}
            model:
              warm_up: 30
              rho: 60
              nn: {hidden_size: {{hidden}}, forcings: [prcp, tmean, pet], log_norm: [prcp], attributes: [p_mean, aridity]}
              physics: {name: hbv, nmul: 2}
            train:
              period: {start: 2000-10-01, end: 2001-09-30}
              epochs: 2
              batch_size: 2
              iterations_per_epoch: 2
              save_every: 5
            test:
              period: {start: 2001-10-01, end: 2002-03-31}
            ensemble: {seeds: [1, 2]}
            """);
        return path;
    }

    static void CopyTree(string from, string to) => AtomicFile.CopyInto(Directory.GetFiles(from, "*", SearchOption.AllDirectories), from, to);
}
