using System.Diagnostics;
using DeltaModel.Cli.Workspace.Slurm;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>
/// The job-array script, run by bash with the variables Slurm would set (no Slurm needed): task N runs unit N's
/// commands into its log, quotes survive, a requeued task drops --fresh, and a failed runner stops the task before
/// its marker is written.
/// </summary>
public sealed class SlurmArrayScriptTests : IDisposable
{
    readonly ScratchExperiments scratch = new();
    public void Dispose() => scratch.Dispose();

    /// <summary>A unit that finished before (its marker exists), so its run starts with --fresh.</summary>
    SlurmTask Unit(string name, string run)
    {
        var marker = Path.Combine(scratch.Folder(Path.Combine(name, "obj")), "main.Reproduce.done");
        File.WriteAllText(marker, "");
        return new SlurmTask($"{name} [seed=1,x='q']", marker, Path.Combine(scratch.Root, name, "out"), Path.Combine(scratch.Root, name),
                             run, "", $"echo finished > \"{Path.Combine(scratch.Root, name, "finish.txt")}\"", "OMP_WAIT_POLICY=PASSIVE");
    }

    [SkippableFact]
    public void EachTask_RunsItsUnitIntoItsLog_AndARequeuedTaskResumes()
    {
        Skip.If(OperatingSystem.IsWindows(), "needs bash");
        var tasks = new[] { Unit("a", "echo run-a"), Unit("b", "echo run-b $OMP_WAIT_POLICY cpus=$OMP_NUM_THREADS") };
        var script = Path.Combine(scratch.Root, "array.sh");
        File.WriteAllText(script, SlurmArrayScript.For(tasks));

        Assert.Equal(0, Bash(script, ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_CPUS_PER_TASK", "3")));
        var log = File.ReadAllText(tasks[1].Log);
        Assert.Contains("== b [seed=1,x='q']: Slurm job", log);
        Assert.Contains("run-b PASSIVE cpus=3 --fresh", log);
        Assert.True(File.Exists(Path.Combine(scratch.Root, "b", "finish.txt")));
        Assert.False(File.Exists(tasks[0].Log));                              // task 1 ran unit b only

        Assert.Equal(0, Bash(script, ("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_RESTART_COUNT", "1")));
        Assert.Contains("\nrun-a\n", File.ReadAllText(tasks[0].Log));         // requeued: no --fresh
    }

    [SkippableFact]
    public void AFailedRunner_FailsTheTask_WithoutFinishing()
    {
        Skip.If(OperatingSystem.IsWindows(), "needs bash");
        var task = Unit("c", "sh -c 'echo broken >&2; exit 3'");
        var script = Path.Combine(scratch.Root, "array.sh");
        File.WriteAllText(script, SlurmArrayScript.For([task]));

        Assert.Equal(3, Bash(script, ("SLURM_ARRAY_TASK_ID", "0")));
        Assert.Contains("broken", File.ReadAllText(task.Log));
        Assert.Contains("== runner exited with 3", File.ReadAllText(task.Log));
        Assert.False(File.Exists(Path.Combine(scratch.Root, "c", "finish.txt")));
    }

    /// <summary>The start rule of a local run (UnitStart) holds in a task: shipped weights are copied and re-tested
    /// (--mode test, kept when Slurm requeues the task) unless retraining is asked for, and the unit that combines an
    /// experiment's members never starts over, though it ran before.</summary>
    [SkippableFact]
    public void ATask_StartsAsALocalRunWould_ShippedWeightsRetested_CombiningNeverFresh()
    {
        Skip.If(OperatingSystem.IsWindows(), "needs bash");
        var shipped = scratch.Folder(Path.Combine("s", "results"));
        File.WriteAllText(Path.Combine(shipped, "config.resolved.yaml"), "name: s\n");
        Directory.CreateDirectory(Path.Combine(shipped, "model"));
        File.WriteAllText(Path.Combine(shipped, "model", "normalization.json"), "{}");
        File.WriteAllText(Path.Combine(shipped, "model", "best.ckpt"), "shipped weights");
        var tasks = new[]
        {
            Unit("s", "echo run-s") with { Shipped = shipped },
            Unit("r", "echo run-r") with { Shipped = shipped, Retrain = true },
            Unit("c", "echo run-c") with { After = [Path.Combine(scratch.Root, "c", "obj", "member-seed_1.Reproduce.done")] },
        };
        var script = Path.Combine(scratch.Root, "array.sh");
        File.WriteAllText(script, SlurmArrayScript.For(tasks));

        Assert.Equal("shipped weights", File.ReadAllText(Path.Combine(tasks[0].Output, "model", "best.ckpt")));   // copied at submission
        Assert.Equal(0, Bash(script, ("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_RESTART_COUNT", "1")));
        Assert.Contains("\nrun-s --mode test\n", File.ReadAllText(tasks[0].Log));       // requeued: still a test of the weights
        Assert.Equal(0, Bash(script, ("SLURM_ARRAY_TASK_ID", "1")));
        Assert.Contains("\nrun-r --fresh\n", File.ReadAllText(tasks[1].Log));           // -p:Retrain=true trains from scratch
        Assert.False(File.Exists(Path.Combine(tasks[1].Output, "model", "best.ckpt")));
        Assert.Equal(0, Bash(script, ("SLURM_ARRAY_TASK_ID", "2")));
        Assert.Contains("\nrun-c\n", File.ReadAllText(tasks[2].Log));                   // combining: no --fresh
    }

    static int Bash(string script, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SLURM_", StringComparison.Ordinal) || k == "OMP_NUM_THREADS").ToList())
            psi.Environment.Remove(key);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
