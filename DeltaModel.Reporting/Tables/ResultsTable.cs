using System.Globalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Comparison;

namespace DeltaModel.Reporting.Tables;

/// <summary>
/// The top-level experiments/RESULTS.md: one row per experiment and metric, the latest run of each experiment. An
/// update replaces that experiment's rows and keeps the others. Experiments.proj runs experiments in parallel (-m),
/// so updates are serialized by a lock file beside the table (RESULTS.md.lock, left in place: deleting it on close
/// would let two waiters lock different files) and the table itself is replaced atomically.
/// </summary>
public static class ResultsTable
{
    /// <summary>How long an update waits for another process holding the lock.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The rows describing one run: each expected result, or the median NSE when none is declared; then, for a twin
    /// experiment, the R² and bias of each recovered parameter (<c>evaluation.parameter_recovery</c>).
    /// </summary>
    public static IReadOnlyList<ResultsTableRow> RowsOf(RunResults r, IReadOnlyList<ExpectedComparison> comparisons)
    {
        string time = RunTime(r);
        string commit = r.GitCommit ?? "n/a", hash = r.ConfigHash ?? "n/a";
        string seed = r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "n/a", device = r.Device ?? "n/a";
        ResultsTableRow Row(string metric, double? ours, string published, string result) =>
            new(r.Experiment, metric, ExpectedComparison.Format(ours), published, result, time, commit, hash, seed, device);
        var rows = new List<ResultsTableRow>();
        if (comparisons.Count > 0)
            rows.AddRange(comparisons.Select(c => Row($"{c.Metric} {c.Statistic}", c.Ours,
                $"{ExpectedComparison.Format(c.Published)} ± {ExpectedComparison.Format(c.Tolerance)}{(c.Source.Length > 0 ? $" ({c.Source})" : "")}",
                c.Pass ? "pass" : "FAIL")));
        // An assimilation run (deltamodel assimilate, docs/assimilation.md): its gain over the open loop is the result.
        else if (r.Evaluation?.Metric(EvaluationSummary.AssimilationGainKey) is { } gain)
            rows.Add(Row($"assimilation gain (NSE, {r.Evaluation.Days} d) median", gain.Median, "none declared", "n/a"));
        else
        {
            var nse = r.Evaluation?.Metric("nse");
            rows.Add(Row(nse is null ? $"({r.Mode})" : "nse median", nse?.Median, "none declared", "n/a"));
        }
        // A twin's truth is the generator's: there is no published value, only how closely the truth came back.
        string sites = r.Combination == RunResults.PooledFolds ? "held-out sites" : "test sites";
        foreach (var p in r.Evaluation?.ParameterRecovery ?? [])
        {
            rows.Add(Row($"{p.Parameter} recovery R² ({p.N} {sites})", p.R2, "synthetic truth", "n/a"));
            rows.Add(Row($"{p.Parameter} recovery bias ({p.N} {sites})", p.Bias, "synthetic truth", "n/a"));
        }
        return rows;
    }

    /// <summary>Replaces the rows of each experiment in <paramref name="rows"/>, keeping every other experiment's rows.
    /// <paramref name="alsoUnderLock"/> runs while the lock is held (the combined NSE CDF is redrawn there).</summary>
    public static void Update(string path, IReadOnlyList<ResultsTableRow> rows, Action? alsoUnderLock = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var _ = AcquireLock(full + ".lock");
        var replaced = rows.Select(r => r.Experiment).ToHashSet(StringComparer.Ordinal);
        var kept = File.Exists(full)
            ? File.ReadLines(full).Select(ResultsTableRow.Parse).OfType<ResultsTableRow>().Where(r => !replaced.Contains(r.Experiment))
            : [];
        var all = kept.Concat(rows).OrderBy(r => r.Experiment, StringComparer.Ordinal).ThenBy(r => r.Metric, StringComparer.Ordinal).ToList();
        AtomicFile.WriteText(full, w =>
        {
            w.WriteLine("# Experiment results");
            w.WriteLine();
            w.WriteLine("Latest run of each experiment (written by `deltamodel report`, updated by `dotnet msbuild Experiments.proj`;");
            w.WriteLine("see docs/experiments.md). Per-basin NSE of all experiments: [nse_cdf.png](nse_cdf.png).");
            w.WriteLine();
            w.WriteLine("| " + string.Join(" | ", ResultsTableRow.Columns) + " |");
            w.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", ResultsTableRow.Columns.Count)));
            foreach (var r in all) w.WriteLine(r.ToMarkdown());
        });
        alsoUnderLock?.Invoke();
    }

    static FileStream AcquireLock(string lockPath)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException e)
            {
                throw new IOException($"{lockPath}: another report held this lock for {LockTimeout.TotalSeconds:0} s; " +
                                      "delete the file if no 'deltamodel report' is running.", e);
            }
        }
    }

    /// <summary>
    /// The run's wall time; when its training took longer than that (it resumed an earlier process's training, or it
    /// is made of several trainings: ensemble members, folds), the training time over every epoch and member instead,
    /// since the last invocation's time then leaves out most of the compute (BenchmarkRun.Compute says both).
    /// </summary>
    static string RunTime(RunResults r) => r.Seconds is not { } total ? "n/a"
        : TrainingCompute.Of(r) is { OutlastsTheRun: true, Seconds: { } training } t ? $"{FormatDuration(training)} training{t.Over} (resumed)"
        : FormatDuration(total);

    internal static string FormatDuration(double seconds) => seconds switch
    {
        < 120 => $"{seconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{(seconds / 60).ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => $"{(seconds / 3600).ToString("0.##", CultureInfo.InvariantCulture)} h",
    };
}
