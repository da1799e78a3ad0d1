namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// Experiments.proj on a scratch workspace with a fake runner: runs once, skips when up to date, re-runs only what was
/// touched, writes comparison and RESULTS.md rows, and turns missed published results into errors (or warnings).
/// Needs /bin/sh (the fake runner is a shell script), so these tests are Unix-only.
/// </summary>
[Collection("Sequential")]
public sealed class ExperimentsProjTests
{
    static bool Unix => !OperatingSystem.IsWindows();

    [Fact]
    public void Reproduce_RunsEachOnce_SkipsWhenUpToDate_AndRerunsOnlyTheTouchedExperiment()
    {
        if (!Unix) return;
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

    [Fact]
    public void Reproduce_InParallel_LetsTheRunnersOpenMpThreadsSleep_AndASingleRunKeepsTheDefault()
    {
        if (!Unix) return;
        using var ws = new ExperimentsWorkspace();
        ws.AddExperiment("tiny-a");
        ws.AddExperiment("tiny-b");
        string LastRun(string name) => File.ReadAllLines(Path.Combine(ws.ExperimentsDir, name, "runner.log"))[^1];

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

    [Fact]
    public void Reproduce_SelectsByName_AndRerunsWhenTheDataOrArgumentsChange()
    {
        if (!Unix) return;
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

    [Fact]
    public void Reproduce_FailsTheBuild_WhenAPublishedResultIsMissed_AndOnlyWarnsWithExpectedAsWarning()
    {
        if (!Unix) return;
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

    [Fact]
    public void Sweep_RunsEachMemberInItsOwnFolder_OnceOnly_AndSummarizes()
    {
        if (!Unix) return;
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
}
