using System.Diagnostics;
using System.Text.Json;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Models.States;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary>
/// Crash recovery, proven on the built CLI: <c>deltamodel run</c> as a child process is killed with SIGKILL
/// (<see cref="Process.Kill()"/> on Unix) in the middle of an epoch and in the middle of writing a checkpoint, run again,
/// and its output folder must hold nothing corrupt and end bit-identical to an uninterrupted run with the same seed on
/// this machine (the guarantee is per machine: docs/platform.md, "Determinism").
/// </summary>
public sealed class CrashRecoveryTests(CrashRecoveryTests.UninterruptedRun reference) : IClassFixture<CrashRecoveryTests.UninterruptedRun>, IDisposable
{
    const int Epochs = 3;
    readonly string root = Directory.CreateTempSubdirectory("deltamodel-crash-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_run_killed_in_the_middle_of_an_epoch_resumes_to_the_uninterrupted_result()
    {
        var outDir = Path.Combine(root, "out");
        using (var run = ChildRun.Start(outDir))
        {
            var last = Path.Combine(outDir, "model", Checkpoint.ResumeFileName);
            run.WaitUntil(() => File.Exists(last) && Checkpoint.ReadHeader(last).Epoch == 1, "the first epoch's checkpoint");
            Thread.Sleep(100);                                  // some minibatches into epoch 2 (of 100: ≥ 0.2 s on a fast CPU)
            run.Kill();
            Assert.Equal(1, Checkpoint.ReadHeader(last).Epoch);  // killed before epoch 2 completed
        }

        var output = ChildRun.Complete(outDir);
        Assert.Contains($"trained    {Epochs} epochs (resumed from 1)", output);
        await AssertIntactAndEqualToReference(outDir);
    }

    // The test hook stops a checkpoint write with its temporary file complete and not yet renamed: the moment that
    // decides whether a crash can corrupt or lose a checkpoint. last.ckpt:2 is the resume point at the end of epoch 2;
    // epoch_0003.ckpt the final weights, written before last.ckpt so that a crash between the two cannot lose them.
    [Theory]
    [InlineData("last.ckpt:2", 1)]
    [InlineData("epoch_0003.ckpt", 2)]
    public async Task A_run_killed_while_writing_a_checkpoint_resumes_to_the_uninterrupted_result(string write, int resumedFrom)
    {
        var outDir = Path.Combine(root, "out");
        var last = Path.Combine(outDir, "model", Checkpoint.ResumeFileName);
        string temporary;
        using (var run = ChildRun.Start(outDir, ("DELTAMODEL_TEST_HANG_BEFORE_RENAME", write)))
        {
            var line = run.WaitForError("hanging before rename: ");
            temporary = line["hanging before rename: ".Length..];
            Assert.True(File.Exists(temporary), $"the hook names the temporary file it stopped at: {temporary}");
            run.Kill();
        }
        Assert.Equal(resumedFrom, Checkpoint.ReadHeader(last).Epoch);   // the last complete checkpoint, not the half-written one
        Assert.True(File.Exists(temporary), "the killed write leaves its temporary file behind");

        var output = ChildRun.Complete(outDir);
        Assert.Contains($"trained    {Epochs} epochs (resumed from {resumedFrom})", output);
        Assert.Contains("removed 1 temporary file(s) left by an interrupted run", output);
        await AssertIntactAndEqualToReference(outDir);
    }

    [Fact]
    public async Task The_same_experiment_run_twice_gives_identical_metrics_and_weights()
    {
        var outDir = Path.Combine(root, "again");
        ChildRun.Complete(outDir);
        await AssertIntactAndEqualToReference(outDir);
    }

    /// <summary>
    /// (a) Every file parses and no temporary file is left; (b) the final weights (checkpoints), the test metrics and the
    /// simulated series are byte-identical to the uninterrupted run's, and so are the epochs' losses.
    /// </summary>
    async Task AssertIntactAndEqualToReference(string outDir)
    {
        var files = Relative(outDir);
        Assert.DoesNotContain(files, f => AtomicFile.IsTemporary(f));
        Assert.Equal(Relative(reference.OutDir), files);
        foreach (var file in files) await AssertParses(Path.Combine(outDir, file));

        foreach (var file in files.Where(f => f.EndsWith(".ckpt", StringComparison.Ordinal) || f.StartsWith("test", StringComparison.Ordinal)))
            Assert.True(File.ReadAllBytes(Path.Combine(reference.OutDir, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, file))),
                $"{file} differs from the uninterrupted run's");
        Assert.Equal(Losses(reference.OutDir), Losses(outDir));   // the log's other columns are timings
    }

    static string[] Relative(string dir) =>
        [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];

    static string[] Losses(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, "model", TrainingLog.FileName)).Skip(1).Select(l => string.Join(',', l.Split(',')[..2]))];

    static async Task AssertParses(string path)
    {
        switch (Path.GetExtension(path))
        {
            case ".json":
                using (JsonDocument.Parse(File.ReadAllText(path))) { }
                break;
            case ".csv":
                var lines = File.ReadAllLines(path);
                Assert.True(lines.Length > 1, $"{path}: no rows");
                int fields = lines[0].Split(',').Length;
                Assert.All(lines, l => Assert.Equal(fields, l.Split(',').Length));
                break;
            case ".yaml":
                ExperimentConfig.Load(path);
                break;
            case ".ckpt":
                var header = Checkpoint.ReadHeader(path);
                Assert.InRange(header.Epoch, 1, Epochs);
                break;
            case ModelStateFile.Extension:                                // the test pass's end state (docs/outputs.md)
                Assert.True(ModelStateFile.ReadDate(path) > DateOnly.MinValue, $"{path}: no date");
                break;
            case ".parquet":
                await using (var stream = File.OpenRead(path))
                await using (var reader = await Parquet.ParquetReader.CreateAsync(stream))
                    Assert.True(reader.RowGroupCount > 0, $"{path}: no row groups");
                break;
            default:
                Assert.Fail($"{path}: a file this test does not know how to check");
                break;
        }
    }

    /// <summary>The run every interrupted one must end equal to, made once for the class.</summary>
    public sealed class UninterruptedRun : IDisposable
    {
        public string OutDir { get; } = Path.Combine(Directory.CreateTempSubdirectory("deltamodel-crash-reference-").FullName, "out");

        public UninterruptedRun() => ChildRun.Complete(OutDir);

        public void Dispose() => Directory.Delete(Path.GetDirectoryName(OutDir)!, recursive: true);
    }

    /// <summary>
    /// <c>deltamodel run</c> of a tiny experiment (2 basins, hidden 8, nmul 2, 60-day windows, 3 epochs of 100 minibatches:
    /// a few seconds) as a child process, started from the built CLI beside the test binaries.
    /// </summary>
    sealed class ChildRun : IDisposable
    {
        static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
        readonly Process process;
        readonly List<string> output = [], errors = [];

        ChildRun(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (output) output.Add(l); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (errors) errors.Add(l); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static ChildRun Start(string outDir, params (string Name, string Value)[] environment)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deltamodel.dll"));
            foreach (var arg in Arguments(outDir)) start.ArgumentList.Add(arg);
            start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";              // the test host's threads share the cores
            foreach (var (name, value) in environment) start.Environment[name] = value;
            return new ChildRun(Process.Start(start)!);
        }

        /// <summary>Runs to the end (resuming whatever is in <paramref name="outDir"/>); returns stdout.</summary>
        public static string Complete(string outDir)
        {
            using var run = Start(outDir);
            Assert.True(run.process.WaitForExit(Limit), $"deltamodel run did not finish within {Limit}");
            run.process.WaitForExit();                                     // drains the redirected streams
            Assert.True(run.process.ExitCode == 0, $"exit code {run.process.ExitCode}:\n{run.Text(run.errors)}\n{run.Text(run.output)}");
            return run.Text(run.output);
        }

        static IEnumerable<string> Arguments(string outDir) =>
        [
            "run", Path.Combine(CliHarness.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml"), "--output", outDir,
            "--epochs", Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--set", "train.iterations_per_epoch=100", "--set", "train.batch_size=2",
            "--set", "model.nn.hidden_size=8", "--set", "model.physics.nmul=2", "--set", "model.warm_up=60", "--set", "model.rho=60",
            "--set", "data.basins=[01013500, 01022500]", "--set", "data.basin_file=null", "--set", "test.period.start=2012-10-01",
        ];

        public void WaitUntil(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!Safe(condition))
            {
                if (process.HasExited) Assert.Fail($"deltamodel run exited ({process.ExitCode}) before {what}:\n{Text(errors)}\n{Text(output)}");
                Assert.True(clock.Elapsed < Limit, $"no {what} within {Limit}");
                Thread.Sleep(10);
            }
        }

        public string WaitForError(string prefix)
        {
            string? line = null;
            WaitUntil(() => (line = Find(errors, prefix)) is not null, $"a stderr line starting '{prefix}'");
            return line!;
        }

        /// <summary>SIGKILL: no handler, finalizer or flush runs in the child.</summary>
        public void Kill()
        {
            process.Kill();
            process.WaitForExit();
        }

        public void Dispose()
        {
            if (!process.HasExited) Kill();
            process.Dispose();
        }

        static string? Find(List<string> lines, string prefix) { lock (lines) return lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)); }

        string Text(List<string> lines) { lock (lines) return string.Join('\n', lines); }

        // A checkpoint being replaced can be read between its writes; an unreadable moment only means "not yet".
        static bool Safe(Func<bool> condition)
        {
            try { return condition(); }
            catch (IOException) { return false; }
        }
    }
}
