namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// Experiments.proj on a scratch workspace with a fake runner: runs once, skips when up to date, re-runs only what was
/// touched, writes comparison and RESULTS.md rows, and turns missed published results into errors (or warnings).
/// Needs /bin/sh (the fake runner is a shell script), so on Windows these tests report themselves skipped.
/// </summary>
[Collection("Sequential")]
public sealed class ExperimentsProjTests
{
    static void SkipWithoutShell() => Skip.If(OperatingSystem.IsWindows(), "needs /bin/sh: the fake runner is a shell script");

    [SkippableFact]
    public void Reproduce_RunsEachOnce_SkipsWhenUpToDate_AndRerunsOnlyTheTouchedExperiment()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-a");
        ws.AddExperiment("tiny-b");
        ws.AddExperiment("needs-camels", requires: "CamelsRoot");

        var (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal((1, 1, 0), (ws.Runs("tiny-a"), ws.Runs("tiny-b"), ws.Runs("needs-camels")));
        Assert.Contains("Skipping needs-camels", log);
        Assert.Contains("-p:CamelsRoot", log);

        (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal((1, 1), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));
        Assert.DoesNotContain("running", log);

        File.SetLastWriteTimeUtc(Path.Combine(ws.ExperimentsDir, "tiny-a", "experiment.yaml"), DateTime.UtcNow);
        (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal((2, 1), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));

        var comparison = File.ReadAllText(Path.Combine(ws.ExperimentsDir, "tiny-a", "out", "comparison.md"));
        Assert.Contains("| nse | median | 0.7 | 0.7 |", comparison);
        Assert.Contains("pass", comparison);
        var rows = File.ReadAllLines(Path.Combine(ws.ExperimentsDir, "RESULTS.md")).Where(l => l.StartsWith("| tiny-")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("| pass |", r));
        Assert.True(new FileInfo(Path.Combine(ws.ExperimentsDir, "tiny-a", "out", "plots", "loss.png")).Length > 0);
    }

    [SkippableFact]
    public void Reproduce_InParallel_LetsTheRunnersOpenMpThreadsSleep_AndASingleRunKeepsTheDefault()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-a");
        ws.AddExperiment("tiny-b");
        string LastRun(string name) => ws.LastRun(name);

        var (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.EndsWith("[OMP_WAIT_POLICY=unset]", LastRun("tiny-a"));

        (code, log) = ws.MSBuild("Reproduce", nodes: 2, "Force=true");
        Assert.True(code == 0, log);
        Assert.EndsWith("[OMP_WAIT_POLICY=PASSIVE]", LastRun("tiny-a"));
        Assert.EndsWith("[OMP_WAIT_POLICY=PASSIVE]", LastRun("tiny-b"));

        (code, log) = ws.MSBuild("Reproduce", nodes: 2, "Force=true", "RunnerWaitPolicy=ACTIVE");
        Assert.True(code == 0, log);
        Assert.EndsWith("[OMP_WAIT_POLICY=ACTIVE]", LastRun("tiny-b"));
    }

    [SkippableFact]
    public void Reproduce_SelectsByName_AndRerunsWhenTheDataOrArgumentsChange()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-a");
        ws.AddExperiment("tiny-b");

        Assert.Equal(0, ws.MSBuild("Reproduce", "Experiment=tiny-a").ExitCode);
        Assert.Equal((1, 0), (ws.Runs("tiny-a"), ws.Runs("tiny-b")));

        File.SetLastWriteTimeUtc(Path.Combine(ws.Root, "data", "01022500_streamflow_qc.txt"), DateTime.UtcNow);
        Assert.Equal(0, ws.MSBuild("Reproduce", "Experiment=tiny-a").ExitCode);
        Assert.Equal(2, ws.Runs("tiny-a"));

        var (code, log) = ws.MSBuild("Reproduce", "Experiment=tiny-a", "Epochs=2");
        Assert.True(code == 0, log);
        Assert.Equal(3, ws.Runs("tiny-a"));
        Assert.Contains("--epochs 2 --fresh", File.ReadAllLines(Path.Combine(ws.ExperimentsDir, "tiny-a", "runner.log"))[^1]);

        // Several names, separated by an escaped semicolon as docs/experiments.md shows.
        ws.AddExperiment("tiny-c");
        (code, log) = ws.MSBuild("Reproduce", "Experiment=tiny-b%3Btiny-c");
        Assert.True(code == 0, log);
        Assert.Equal((3, 1, 1), (ws.Runs("tiny-a"), ws.Runs("tiny-b"), ws.Runs("tiny-c")));

        (code, log) = ws.MSBuild("Reproduce", "Experiment=no-such");
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown experiment(s) no-such", log);
    }

    [SkippableFact]
    public void Reproduce_FailsTheBuild_WhenAPublishedResultIsMissed_AndOnlyWarnsWithExpectedAsWarning()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-bad", published: 0.9);

        var (code, log) = ws.MSBuild("Reproduce");
        Assert.NotEqual(0, code);
        Assert.Contains("error DMEXP01", log);
        Assert.Contains("tiny-bad: nse median = 0.7 (ours), published 0.9 ± 0.02 (band 0.88 to 0.92)", log);
        Assert.Contains("**FAIL**", File.ReadAllText(Path.Combine(ws.ExperimentsDir, "tiny-bad", "out", "comparison.md")));

        // Up to date, not re-run, yet still failing: the verdict stays with the results.
        (code, log) = ws.MSBuild("Reproduce");
        Assert.NotEqual(0, code);
        Assert.Equal(1, ws.Runs("tiny-bad"));

        (code, log) = ws.MSBuild("Reproduce", "ExpectedAsWarning=true");
        Assert.True(code == 0, log);
        Assert.Contains("warning DMEXP01", log);
        Assert.Contains("| tiny-bad | nse median | 0.7 | 0.9 ± 0.02 (fixture) | FAIL |", File.ReadAllText(Path.Combine(ws.ExperimentsDir, "RESULTS.md")));
    }

    [SkippableFact]
    public void Sweep_RunsEachMemberInItsOwnFolder_OnceOnly_AndSummarizes()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("tiny-s", published: null);
        File.WriteAllText(Path.Combine(dir, "sweep.yaml"), "seed: [1, 2]\n");

        var (code, log) = ws.MSBuild("Sweep", "Experiment=tiny-s");
        Assert.True(code == 0, log);
        Assert.Equal(2, ws.Runs("tiny-s"));
        Assert.True(File.Exists(Path.Combine(dir, "out", "sweep", "seed=1", "results.json")));
        Assert.Contains("--set seed=2", File.ReadAllText(Path.Combine(dir, "runner.log")));
        var summary = File.ReadAllText(Path.Combine(dir, "out", "sweep", "summary.md"));
        Assert.Contains("| [seed=1](seed=1/) | 1 | 0.7 |", summary);
        Assert.Contains("| [seed=2](seed=2/) | 2 | 0.7 |", summary);

        (code, log) = ws.MSBuild("Sweep", "Experiment=tiny-s");
        Assert.True(code == 0, log);
        Assert.Equal(2, ws.Runs("tiny-s"));
    }

    [SkippableFact]
    public void Reproduce_OnAMachineWithoutTheData_SkipsThoseExperiments_NamingTheProperty_AndRunsTheRest()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-a");
        ws.AddExperiment("needs-camels", requires: "CamelsRoot");
        ws.AddExperiment("caravan-x", format: "caravan", dataPath: "../../../shared/data/caravan");
        var nowhere = Path.Combine(ws.Root, "no-camels");

        var (code, log) = ws.MSBuild("Reproduce", nodes: 2, $"CamelsRoot={nowhere}");
        Assert.True(code == 0, log);
        Assert.Equal((1, 0, 0), (ws.Runs("tiny-a"), ws.Runs("needs-camels"), ws.Runs("caravan-x")));
        Assert.Contains($"Skipping needs-camels: its data folder {nowhere} is absent (from -p:CamelsRoot;", log);
        Assert.Contains("Skipping caravan-x: its data folder ", log);
        Assert.Contains("pass -p:CaravanRoot=<folder holding", log);

        // Pointed at the data, the Caravan experiment runs on it.
        (code, log) = ws.MSBuild("Reproduce", $"CaravanRoot={Path.Combine(ws.Root, "data")}");
        Assert.True(code == 0, log);
        Assert.Equal(1, ws.Runs("caravan-x"));
        Assert.Contains($"--set data.path={Path.Combine(ws.Root, "data")} ", ws.LastRun("caravan-x"));
    }

    [SkippableTheory]
    [InlineData("/")]
    [InlineData("\\")]
    public void Reproduce_APathPropertyWithATrailingSeparator_ReachesTheRunnerWithout(string separator)
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("needs-camels", requires: "CamelsRoot");
        var data = Path.Combine(ws.Root, "data");

        var (code, log) = ws.MSBuild("Reproduce", $"CamelsRoot={data}{separator}");
        Assert.True(code == 0, log);
        Assert.Equal(1, ws.Runs("needs-camels"));
        Assert.Contains($"--set data.path={data} ", ws.LastRun("needs-camels"));
    }

    [SkippableFact]
    public void Train_LeavesResultsJsonInPlace_AndMakesALaterReproduceRunAgain_ResumingTheTrainedModel()
    {
        SkipWithoutShell();
        using var ws = new ExperimentsWorkspace();
        var dir = ws.AddExperiment("tiny-a", published: null);      // a train-only run has no test metrics to compare

        var (code, log) = ws.MSBuild("Train");
        Assert.True(code == 0, log);
        Assert.Contains("\"mode\":\"train\"", File.ReadAllText(Path.Combine(dir, "out", "results.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out"), "results.*.json"));
        Assert.Equal(0, ws.MSBuild("Train").ExitCode);
        Assert.Equal(1, ws.Runs("tiny-a"));                             // up to date

        (code, log) = ws.MSBuild("Reproduce");
        Assert.True(code == 0, log);
        Assert.Equal(2, ws.Runs("tiny-a"));                             // a train-only run is not a reproduction
        Assert.DoesNotContain("--fresh", ws.LastRun("tiny-a"));         // it goes on from the trained model
        Assert.Contains("\"mode\":\"train_test\"", File.ReadAllText(Path.Combine(dir, "out", "results.json")));
        Assert.Equal(0, ws.MSBuild("Reproduce").ExitCode);
        Assert.Equal(2, ws.Runs("tiny-a"));
    }
}
