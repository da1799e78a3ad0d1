using System.Diagnostics;
using System.Globalization;
using DeltaModel.Tests.Shared;
using TorchSharp;

namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// Experiments.proj with -p:Scheduler=slurm against a real Slurm (the single-node cluster of build/slurm): units run as
/// array tasks and are reported after them, an up-to-date unit is not submitted again, a failed task fails the build
/// with the unit's name and the tail of its log, a cancelled task resumes from its checkpoint on the next build, and
/// a sweep gives the same results through Slurm as locally. Skipped, with the reason, where Slurm cannot be started.
/// </summary>
[Collection("Sequential")]
public sealed class SlurmSchedulerTests
{
    static readonly string[] Slurm = ["Scheduler=slurm", "SlurmPollSeconds=0.5"];

    [SkippableFact]
    public void Units_RunAsArrayTasks_AreSkippedWhenUpToDate_AndAFailedTaskFailsTheBuildWithItsNameAndLog()
    {
        LocalSlurm.SkipUnlessRunning();
        using var ws = new ExperimentsWorkspace();
        var a = ws.AddExperiment("tiny-a");
        ws.AddExperiment("tiny-b");
        File.WriteAllText(Path.Combine(a, "slurm.yaml"), "time: 10:00\ncpus: 2\n");

        // -p:SlurmCpus wins over the file's cpus; its time stays. Two resource sets, two arrays.
        var (code, log) = ws.MSBuild("Reproduce", [.. Slurm, "SlurmCpus=1"]);
        Assert.True(code == 0, log);
        Assert.Contains("task(s), --time=10:00 --cpus-per-task=1):", log);
        Assert.Contains("task(s), --cpus-per-task=1):", log);
        Assert.Equal((1, 1), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));
        Assert.Contains("[OMP_NUM_THREADS=1]", ws.LastRun("tiny-a"));      // libtorch held to the task's CPUs
        Assert.Contains("Slurm job", File.ReadAllText(Path.Combine(ws.ExperimentsDir, "tiny-a", "out", "slurm.log")));
        // Reported after the array, here: comparison, plots and one RESULTS.md row per experiment.
        Assert.Contains("pass", File.ReadAllText(Path.Combine(ws.ExperimentsDir, "tiny-b", "out", "comparison.md")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(ws.ExperimentsDir, "RESULTS.md")).Count(l => l.StartsWith("| tiny-")));

        (code, log) = ws.MSBuild("Reproduce", [.. Slurm, "SlurmCpus=1"]);
        Assert.True(code == 0, log);
        Assert.DoesNotContain("Submitted", log);
        Assert.Equal((1, 1), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));

        File.WriteAllText(Path.Combine(ws.ExperimentsDir, "tiny-b", "fake-fail"), "");
        File.SetLastWriteTimeUtc(Path.Combine(ws.ExperimentsDir, "tiny-b", "experiment.yaml"), DateTime.UtcNow);
        (code, log) = ws.MSBuild("Reproduce", [.. Slurm, "SlurmCpus=1"]);
        Assert.NotEqual(0, code);
        Assert.Contains("error DMSLURM01: tiny-b: Slurm task", log);
        Assert.Contains("fake runner: failing as fake-fail asks", log);   // the tail of its log
        Assert.Equal((1, 2), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));     // only the out-of-date unit was submitted
    }

    /// <summary>An ensemble's members are array tasks of their own (--member), and the experiment's unit combines them
    /// (--combine) in a job that depends on theirs; a member that fails fails the build with its name and log tail, the
    /// combination is not attempted, and the next build runs only that member and the combination.</summary>
    [SkippableFact]
    public void Members_RunAsArrayTasks_ThenADependentTaskCombinesThem_AndAFailedMemberFailsTheBuild()
    {
        LocalSlurm.SkipUnlessRunning();
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("tiny-ensemble");
        File.AppendAllText(Path.Combine(dir, "experiment.yaml"), "ensemble:\n  seeds: [1, 2]\n");
        File.WriteAllText(Path.Combine(dir, "fake-fail-seed_2"), "");

        var (code, log) = ws.MSBuild("Reproduce", Slurm);
        Assert.NotEqual(0, code);
        Assert.Contains("Submitted Slurm job array", log);
        Assert.Matches(@"--dependency=afterok:\d+_0:\d+_1 --kill-on-invalid-dep=yes\)", log);
        Assert.Contains("error DMSLURM01: tiny-ensemble [seed_2]: Slurm task", log);
        Assert.Contains("fake runner: member seed_2 failing as fake-fail-seed_2 asks", log);   // its log tail
        Assert.Contains("error DMSLURM01: tiny-ensemble: not combined", log);
        Assert.Contains("member(s) tiny-ensemble [seed_2] failed", log);
        Assert.True(File.Exists(Path.Combine(dir, "out", "members", "seed_1", "results.json")));
        Assert.False(File.Exists(Path.Combine(dir, "out", "results.json")));

        File.Delete(Path.Combine(dir, "fake-fail-seed_2"));
        (code, log) = ws.MSBuild("Reproduce", Slurm);
        Assert.True(code == 0, log);
        var runs = File.ReadAllLines(Path.Combine(dir, "runner.log"));
        Assert.Equal(2, runs.Count(l => l.Contains("--member seed_2")));              // failed, then again
        Assert.Equal(1, runs.Count(l => l.Contains("--member seed_1")));              // finished: not again
        Assert.Contains("--combine", runs[^1]);                                          // after the members
        Assert.DoesNotContain("--fresh", runs[^1]);
        Assert.True(File.Exists(Path.Combine(dir, "out", "report.md")));               // the experiment is reported
        Assert.False(File.Exists(Path.Combine(dir, "out", "members", "seed_1", "report.md")));   // its members are not
        Assert.Single(File.ReadAllLines(Path.Combine(ws.ExperimentsDir, "RESULTS.md")), l => l.StartsWith("| tiny-ensemble"));

        (code, log) = ws.MSBuild("Reproduce", Slurm);
        Assert.True(code == 0, log);
        Assert.DoesNotContain("Submitted", log);                                          // everything up to date
        Assert.Equal(runs.Length, ws.Runs("tiny-ensemble"));
    }

    /// <summary>The workspace's shipped-weights rule holds through Slurm: Reproduce re-tests results/model's weights
    /// (copied into out/), and -p:Retrain=true trains from scratch instead.</summary>
    [SkippableFact]
    public void Shipped_weights_are_retested_through_Slurm_unless_retraining_is_asked_for()
    {
        LocalSlurm.SkipUnlessRunning();
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("headline");
        ShippedWeightsTests.ShipWeights(dir);

        var (code, log) = ws.MSBuild("Reproduce", Slurm);
        Assert.True(code == 0, log);
        Assert.Contains("headline: testing the shipped weights", log);
        Assert.Contains("--mode test", ws.LastRun("headline"));
        Assert.Equal("shipped weights", File.ReadAllText(Path.Combine(dir, "out", "model", "best.ckpt")));

        (code, log) = ws.MSBuild("Reproduce", [.. Slurm, "Retrain=true"]);
        Assert.True(code == 0, log);
        Assert.Equal(2, ws.Runs("headline"));
        Assert.DoesNotContain("--mode test", ws.LastRun("headline"));
        Assert.Contains("--fresh", ws.LastRun("headline"));
    }

    [SkippableFact]
    public void A_cancelled_task_is_submitted_again_and_resumes_from_its_checkpoint()
    {
        LocalSlurm.SkipUnlessRunning();
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("tiny-slow");
        File.WriteAllText(Path.Combine(dir, "fake-sleep"), "120");

        var (code, log) = ws.MSBuild("Reproduce", [.. Slurm, "SlurmWait=false"]);
        Assert.True(code == 0, log);
        Assert.Contains("Not waiting", log);
        var ticket = File.ReadAllLines(Path.Combine(dir, "obj", "main.Reproduce.slurm"));
        var job = ticket.Single(l => l.StartsWith("job=", StringComparison.Ordinal))[4..];
        var checkpoint = Path.Combine(dir, "out", "model", "last.ckpt");
        WaitFor(() => File.Exists(checkpoint), "the task's first checkpoint");

        LocalSlurm.Tool("scancel", job);
        WaitFor(() => !LocalSlurm.Tool("squeue", "-h", "-j", job).Contains(job), "the cancelled job to leave the queue");
        File.Delete(Path.Combine(dir, "fake-sleep"));

        (code, log) = ws.MSBuild("Reproduce", Slurm);
        Assert.True(code == 0, log);
        Assert.Contains($"its earlier task {job}_0 ended without results (CANCELLED", log);
        Assert.Equal(2, ws.Runs("tiny-slow"));
        Assert.Contains("[resumed]", ws.LastRun("tiny-slow"));
        Assert.DoesNotContain("--fresh", ws.LastRun("tiny-slow"));
        Assert.True(File.Exists(Path.Combine(dir, "out", "report.md")));
    }

    /// <summary>The real runner: a sweep of two seeds (1 epoch, 2 sample basins, a small network) through Slurm and
    /// the same sweep locally give the same per-basin test NSE; the two seeds give different ones, so the comparison
    /// can fail.</summary>
    [SkippableFact]
    public void A_sweep_through_Slurm_gives_the_results_of_the_same_sweep_run_locally()
    {
        LocalSlurm.SkipUnlessRunning();
        using var slurm = new ExperimentsWorkspace { RunnerCommand = ExperimentsWorkspace.RealRunner, Timeout = TimeSpan.FromMinutes(4), Variables = OneThread };
        using var local = new ExperimentsWorkspace { RunnerCommand = ExperimentsWorkspace.RealRunner, Timeout = TimeSpan.FromMinutes(4), Variables = OneThread };
        foreach (var ws in new[] { slurm, local }) AddTinySample(ws);
        string[] sweep = ["Experiment=tiny-sample", "Sweep=seed=1%2C2", $"RunArgs={TinyRun}"];

        var (code, log) = slurm.MSBuild("Sweep", [.. sweep, .. Slurm]);
        Assert.True(code == 0, log);
        Assert.Contains("Submitted Slurm job array", log);
        // Locally both members run one after the other with libtorch's own threads; PASSIVE keeps them from spinning
        // on a CI machine's busy cores (docs/platform.md).
        (code, log) = local.MSBuild("Sweep", [.. sweep, "RunnerWaitPolicy=PASSIVE"]);
        Assert.True(code == 0, log);

        var ours = new[] { "seed=1", "seed=2" }.Select(m => TestNse(slurm, m)).ToList();
        var theirs = new[] { "seed=1", "seed=2" }.Select(m => TestNse(local, m)).ToList();
        // One code path on one machine (OneThread), so the runs should agree to the last bit; the tolerance (a year of
        // 60-day sequences, Tolerance.Relative) is far below what another seed changes.
        var tolerance = Tolerance.Relative(torch.ScalarType.Float32, terms: 365, steps: 60);
        for (int s = 0; s < 2; s++)
            foreach (var (basin, nse) in theirs[s])
                Assert.True(Math.Abs(ours[s][basin] - nse) <= tolerance * Math.Max(1, Math.Abs(nse)),
                            $"seed {s + 1}, basin {basin}: NSE {ours[s][basin]} through Slurm, {nse} locally");
        Assert.True(theirs[0].Any(b => Math.Abs(b.Value - theirs[1][b.Key]) > 10 * tolerance), "seeds 1 and 2 give the same NSE");
        Assert.True(File.Exists(Path.Combine(slurm.ExperimentsDir, "tiny-sample", "out", "sweep", "summary.md")));
    }

    /// <summary>The real runner: a 2-seed ensemble and 2 spatial folds (1 epoch, 2 sample basins) through Slurm, their
    /// members as array tasks and each experiment combined by a dependent task, give the ensemble mean's and the pooled
    /// folds' per-basin test NSE of the same experiments run locally in one process each.</summary>
    [SkippableFact]
    public void Ensemble_and_folds_through_Slurm_give_the_results_of_the_same_experiments_run_locally()
    {
        LocalSlurm.SkipUnlessRunning();
        using var slurm = new ExperimentsWorkspace { RunnerCommand = ExperimentsWorkspace.RealRunner, Timeout = TimeSpan.FromMinutes(4), Variables = OneThread };
        using var local = new ExperimentsWorkspace { RunnerCommand = ExperimentsWorkspace.RealRunner, Timeout = TimeSpan.FromMinutes(4), Variables = OneThread };
        foreach (var ws in new[] { slurm, local })
        {
            AddTinySample(ws, "tiny-ensemble", "ensemble:\n  seeds: [1, 2]\n");
            var folds = Directory.CreateDirectory(Path.Combine(ws.ExperimentsDir, "tiny-folds", "folds")).FullName;
            // 01013500 lacks root_depth_50 (filled by the other basins' mean), so no fold trains on it alone.
            File.WriteAllText(Path.Combine(folds, "fold_1.txt"), "01022500\n");
            File.WriteAllText(Path.Combine(folds, "fold_2.txt"), "01333000\n");
            AddTinySample(ws, "tiny-folds", "folds: {k: 2, seed: 1, folder: folds}\n", ["01022500", "01333000"]);
        }
        string[] run = ["Experiment=tiny-ensemble%3Btiny-folds", $"RunArgs={TinyRun}", "ExpectedAsWarning=true"];

        var (code, log) = slurm.MSBuild("Reproduce", [.. run, .. Slurm]);
        Assert.True(code == 0, log);
        Assert.Matches(@"Submitted Slurm job array \d+ \(4 task\(s\)\)", log);                     // the four members
        Assert.Equal(2, log.Split('\n').Count(l => l.Contains("--dependency=afterok:")));         // one combination each
        (code, log) = local.MSBuild("Reproduce", [.. run, "RunnerWaitPolicy=PASSIVE"]);
        Assert.True(code == 0, log);

        var tolerance = Tolerance.Relative(torch.ScalarType.Float32, terms: 365, steps: 60);
        foreach (var experiment in new[] { "tiny-ensemble", "tiny-folds" })
        {
            var ours = TestNse(Path.Combine(slurm.ExperimentsDir, experiment, "out"));
            var theirs = TestNse(Path.Combine(local.ExperimentsDir, experiment, "out"));
            Assert.Equal(2, theirs.Count);
            foreach (var (basin, nse) in theirs)
                Assert.True(Math.Abs(ours[basin] - nse) <= tolerance * Math.Max(1, Math.Abs(nse)),
                            $"{experiment}, basin {basin}: NSE {ours[basin]} through Slurm, {nse} locally");
        }
        // The ensemble mean is not one member's: the comparison above can fail.
        var mean = TestNse(Path.Combine(slurm.ExperimentsDir, "tiny-ensemble", "out"));
        var first = TestNse(Path.Combine(slurm.ExperimentsDir, "tiny-ensemble", "out", "members", "seed_1"));
        Assert.True(mean.Any(b => Math.Abs(b.Value - first[b.Key]) > 10 * tolerance), "the ensemble mean equals member seed_1");
        Assert.Contains("ensemble_mean", File.ReadAllText(Path.Combine(slurm.ExperimentsDir, "tiny-ensemble", "out", "results.json")));
        Assert.Contains("pooled_folds", File.ReadAllText(Path.Combine(slurm.ExperimentsDir, "tiny-folds", "out", "results.json")));
    }

    /// <summary>
    /// One thread for libtorch and for .NET in every run, local or Slurm task. A Slurm task gets one CPU and, left to
    /// itself, one thread, while a local run takes the machine's cores; one epoch of training amplifies the different
    /// summation orders of two thread counts beyond any tolerance derived from float32 on some CPUs (CI saw it), so the
    /// comparison is made between the same code path on both sides.
    /// </summary>
    static readonly Dictionary<string, string> OneThread = new() { ["OMP_NUM_THREADS"] = "1", ["DOTNET_PROCESSOR_COUNT"] = "1" };

    /// <summary>A small network, short sequences and a short test period, so one epoch trains in seconds.</summary>
    const string TinyRun = "--set train.iterations_per_epoch=10 --set train.batch_size=2 --set model.nn.hidden_size=8 " +
                           "--set model.physics.nmul=2 --set model.warm_up=60 --set model.rho=60 --set test.period.start=2012-10-01";

    /// <summary>The sample experiment (camels-sample-dhbv) on two of its basins, with 1 epoch, as
    /// <paramref name="name"/> with <paramref name="sections"/> appended.</summary>
    static void AddTinySample(ExperimentsWorkspace ws, string name = "tiny-sample", string sections = "", string[]? basins = null)
    {
        var sample = Path.Combine(ExperimentsWorkspace.RepoRoot, "data", "camels-sample");
        var dir = Directory.CreateDirectory(Path.Combine(ws.ExperimentsDir, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "basins2.txt"), string.Concat((basins ?? ["01013500", "01022500"]).Select(b => b + "\n")));
        var yaml = File.ReadAllText(Path.Combine(ExperimentsWorkspace.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml"))
            .Replace("path: ../../data/camels-sample", $"path: {sample}")
            .Replace("basin_file: ../../data/camels-sample/basins.txt", "basin_file: basins2.txt")
            .Replace("epochs: 10", "epochs: 1")
            .Replace("name: camels-sample-dhbv", $"name: {name}");
        File.WriteAllText(Path.Combine(dir, "experiment.yaml"), yaml + sections);
    }

    static Dictionary<string, double> TestNse(ExperimentsWorkspace ws, string member) =>
        TestNse(Path.Combine(ws.ExperimentsDir, "tiny-sample", "out", "sweep", member));

    /// <summary>Per-basin test NSE of the run in <paramref name="outputDir"/>.</summary>
    static Dictionary<string, double> TestNse(string outputDir)
    {
        var lines = File.ReadAllLines(Path.Combine(outputDir, "test", "metrics.csv"));
        var nse = Array.IndexOf(lines[0].Split(','), "nse");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => double.Parse(f[nse], CultureInfo.InvariantCulture));
    }

    static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no {what} within 60 s");
            Thread.Sleep(200);
        }
    }
}
