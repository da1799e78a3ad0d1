using System.Globalization;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Comparison;
using DeltaModel.Reporting.Plots;
using DeltaModel.Reporting.Sweeps;
using DeltaModel.Reporting.Tables;

namespace DeltaModel.Reporting;

/// <summary>
/// Turns one experiment's out/ folder (the runner's files) into comparison.md, report.md and plots/*.png, plus
/// sweep/summary.md when sweep members exist. Only reads the runner's outputs, so it can be re-run any time
/// (<c>deltamodel report</c>, <c>-t:Report</c>) without touching the model.
/// </summary>
public static class ExperimentReporter
{
    /// <summary>Hydrograph ranks: the basins with the best, median and worst test NSE.</summary>
    public static readonly IReadOnlyList<string> Ranks = ["best", "median", "worst"];

    /// <param name="folder">An experiment folder or its output folder.</param>
    /// <exception cref="FileNotFoundException">Neither a finished run nor sweep members are there.</exception>
    public static ExperimentReport Write(string folder)
    {
        var outputs = RunFolder.For(folder);
        var written = new List<string>();
        var resultsPath = outputs.Results;
        if (!File.Exists(resultsPath))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(outputs.Folder)) ?? "";
            if (SweepSummaryWriter.Write(outputs, name)) return new ExperimentReport(outputs, null, [], [outputs.SweepSummary]);
            throw new FileNotFoundException($"{resultsPath}: not found; run the experiment first " +
                                            "(dotnet msbuild Experiments.proj -t:Reproduce -p:Experiment=<name>).", resultsPath);
        }

        var results = RunResults.Read(resultsPath);
        var comparisons = ExpectedComparison.From(results);
        ComparisonWriter.Write(outputs, results, comparisons);
        written.AddRange([outputs.Comparison, outputs.ExpectedFailures]);

        (string, string)? validation = results.Training?.Validation is { } v ? (outputs.LearningCurve, $"validation {v.Statistic} {v.Metric}") : null;
        if (File.Exists(outputs.TrainingLog) && LossPlot.Write(outputs.TrainingLog, outputs.LossPlot, $"{results.Experiment}: training loss", validation))
            written.Add(outputs.LossPlot);

        var hydrographs = WriteHydrographs(outputs, results.Experiment);
        written.AddRange(hydrographs.Select(h => h.Png));
        var recoveries = File.Exists(outputs.ParameterRecoveryCsv) ? ParameterRecovery.Read(outputs.ParameterRecoveryCsv) : [];
        foreach (var r in recoveries)
            if (RecoveryPlot.Write(outputs.RecoveryPlot(r.Parameter), r, $"{results.Experiment}: {r.Parameter}")) written.Add(outputs.RecoveryPlot(r.Parameter));

        bool sweep = SweepSummaryWriter.Write(outputs, results.Experiment);
        if (sweep) written.Add(outputs.SweepSummary);

        WriteReportMarkdown(outputs, results, comparisons, File.Exists(outputs.LossPlot), hydrographs, sweep, recoveries);
        written.Add(outputs.Report);
        return new ExperimentReport(outputs, results, comparisons, written);
    }

    /// <summary>Per-basin NSE of a finished evaluation, or null when there is none (for the combined CDF).</summary>
    public static double[]? BasinNse(string outputFolder)
    {
        var path = new RunFolder(outputFolder).MetricsCsv;
        return File.Exists(path) ? MetricsTable.Read(path).Column("nse") : null;
    }

    sealed record Hydrograph(string Rank, string Basin, double Nse, string Png);

    static List<Hydrograph> WriteHydrographs(RunFolder outputs, string experiment)
    {
        if (!File.Exists(outputs.MetricsCsv) || !File.Exists(outputs.SimulationCsv)) return [];
        var metrics = MetricsTable.Read(outputs.MetricsCsv);
        var nse = metrics.Column("nse");
        var ranked = metrics.Basins.Select((b, i) => (Basin: b, Nse: nse[i])).Where(x => double.IsFinite(x.Nse))
            .OrderByDescending(x => x.Nse).ToList();
        if (ranked.Count == 0) return [];
        var picks = new[] { ranked[0], ranked[(ranked.Count - 1) / 2], ranked[^1] }
            .Select((p, i) => new Hydrograph(Ranks[i], p.Basin, p.Nse, outputs.HydrographPlot(Ranks[i]))).ToList();
        var plan = picks.GroupBy(p => p.Basin).ToDictionary(g => g.Key, g => g.First());
        var done = HydrographPlot.Write(outputs.SimulationCsv, plan.ToDictionary(kv => kv.Key,
            kv => (kv.Value.Png, $"{experiment}: basin {kv.Key}, NSE {kv.Value.Nse.ToString("0.000", CultureInfo.InvariantCulture)} ({kv.Value.Rank})")));
        // With fewer than three basins ranks share a basin: copy its figure so every rank has its file.
        foreach (var p in picks.Where(p => done.Contains(p.Basin) && plan[p.Basin].Png != p.Png))
            AtomicFile.WriteAllBytes(p.Png, File.ReadAllBytes(plan[p.Basin].Png));
        return picks.Where(p => done.Contains(p.Basin)).ToList();
    }

    static void WriteReportMarkdown(RunFolder outputs, RunResults r, IReadOnlyList<ExpectedComparison> comparisons,
        bool loss, IReadOnlyList<Hydrograph> hydrographs, bool sweep, IReadOnlyList<ParameterRecovery> recoveries)
    {
        AtomicFile.WriteText(outputs.Report, w =>
        {
            w.WriteLine($"# {r.Experiment}");
            w.WriteLine();
            w.WriteLine("| mode | finished | run time | seed | device | git commit | config hash |");
            w.WriteLine("|---|---|---|---|---|---|---|");
            w.WriteLine($"| {r.Mode} | {r.Finished?.ToString("u", CultureInfo.InvariantCulture) ?? "n/a"} | " +
                        $"{(r.Seconds is { } s ? ResultsTable.FormatDuration(s) : "n/a")} | {r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} | " +
                        $"{r.Device ?? "n/a"} | {r.GitCommit ?? "n/a"} | {r.ConfigHash ?? "n/a"} |");
            w.WriteLine();
            if (r.Training is { } t)
                w.WriteLine($"Training: {t.Epochs} epochs, final loss {ExpectedComparison.Format(t.FinalLoss)}, " +
                            $"{(t.Seconds is { } ts ? ResultsTable.FormatDuration(ts) : "n/a")}" +
                            (t.Validation is { BestEpoch: { } best } v ? string.Create(CultureInfo.InvariantCulture,
                                $"; tested with the best validation epoch {best} ({v.Statistic} {v.Metric} {ExpectedComparison.Format(v.Best)}){(v.StoppedEarly ? ", stopped early" : "")}") : "") + ".");
            if (r.Evaluation is { } e)
            {
                w.WriteLine($"Evaluation ({e.Phase}{WeightsUsed(r, e)}): {e.Basins} basins × {e.Days} days" +
                            $"{(e.Seconds is { } es ? $" in {ResultsTable.FormatDuration(es)}" : "")}.");
                w.WriteLine();
                w.WriteLine("| metric | median | mean | std | p25 | p75 | n |");
                w.WriteLine("|---|---|---|---|---|---|---|");
                foreach (var (name, m) in e.Summary ?? new Dictionary<string, MetricStatistics>())
                    w.WriteLine($"| {name} | {F(m.Median)} | {F(m.Mean)} | {F(m.Std)} | {F(m.P25)} | {F(m.P75)} | {m.N} |");
            }
            w.WriteLine();
            w.WriteLine(comparisons.Count == 0
                ? "No published results declared ([comparison.md](comparison.md))."
                : $"Published results: {comparisons.Count(c => c.Pass)} of {comparisons.Count} within tolerance, see [comparison.md](comparison.md).");
            if (loss)
            {
                w.WriteLine();
                w.WriteLine("## Training loss");
                w.WriteLine();
                w.WriteLine("![training loss](plots/loss.png)");
            }
            if (hydrographs.Count > 0)
            {
                w.WriteLine();
                w.WriteLine("## Hydrographs (test)");
                foreach (var h in hydrographs)
                {
                    w.WriteLine();
                    w.WriteLine($"{h.Rank} NSE: basin {h.Basin} (NSE {F(h.Nse)})");
                    w.WriteLine();
                    w.WriteLine($"![{h.Rank} basin {h.Basin}](plots/{Path.GetFileName(h.Png)})");
                }
            }
            if (recoveries.Count > 0)
            {
                w.WriteLine();
                w.WriteLine("## Parameter recovery (learned against the true values of a synthetic twin)");
                w.WriteLine();
                w.WriteLine("| parameter | true values | basins | R² | bias | RMSE |");
                w.WriteLine("|---|---|---|---|---|---|");
                foreach (var p in recoveries)
                    w.WriteLine($"| {p.Parameter} | {p.Attribute} | {p.Count} | {F(p.R2)} | {F(p.Bias)} | {F(p.Rmse)} |");
                foreach (var p in recoveries.Where(p => File.Exists(outputs.RecoveryPlot(p.Parameter))))
                {
                    w.WriteLine();
                    w.WriteLine($"![{p.Parameter} learned vs true](plots/{Path.GetFileName(outputs.RecoveryPlot(p.Parameter))})");
                }
            }
            if (sweep)
            {
                w.WriteLine();
                w.WriteLine("Sweep: [sweep/summary.md](sweep/summary.md).");
            }
        });
    }

    static string F(double? v) => ExpectedComparison.Format(v);

    /// <summary>Which weights the evaluation used: the epoch of a single run; for a combined run its members, each tested
    /// with its own selected weights (files written before the epoch was left out there say epoch 0).</summary>
    static string WeightsUsed(RunResults r, EvaluationSummary e) => r.Combination switch
    {
        RunResults.EnsembleMean => ", mean of the members",
        RunResults.PooledFolds => ", held-out folds pooled",
        _ => e.Epoch is { } epoch ? $", epoch {epoch}" : "",
    };
}
