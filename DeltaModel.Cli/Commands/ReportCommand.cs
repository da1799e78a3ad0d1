using System.CommandLine;
using DeltaModel.Reporting;
using DeltaModel.Reporting.Benchmarks;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel report &lt;experiment-folder&gt;…</c>: comparison.md, report.md and plots from each folder's out/, and
/// optionally the shared RESULTS.md table and NSE CDF; with <c>--benchmarks &lt;file&gt;</c>, BENCHMARKS.md beside that file
/// (<see cref="BenchmarksReport"/>). Experiments.proj calls it after each run (its other questions
/// go to <see cref="WorkspaceCommand"/>).
/// </summary>
internal static class ReportCommand
{
    /// <summary>Exit code when a published result is not reproduced (and <c>--expected-as-warning</c> is not given).</summary>
    public const int ExpectedFailed = 3;

    public static Command Create()
    {
        var folders = new Argument<string[]>("experiment-folder")
        {
            Description = "Experiment folders (or their out/ folders) to report on.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var resultsTable = new Option<string?>("--results-table")
        {
            Description = "Update this RESULTS.md (rows of these experiments replaced) and the nse_cdf.png beside it.",
        };
        var asWarning = new Option<bool>("--expected-as-warning")
        {
            Description = $"Exit 0 even when a published result is not reproduced (default: exit {ExpectedFailed}).",
        };
        var benchmarks = new Option<string?>("--benchmarks")
        {
            Description = "Also write BENCHMARKS.md (and benchmarks/*.png) beside this benchmarks file, e.g. experiments/benchmarks.yaml.",
        };
        var command = new Command("report", "Write comparison tables, reports and plots for finished experiments.");
        command.Arguments.Add(folders);
        command.Options.Add(resultsTable);
        command.Options.Add(asWarning);
        command.Options.Add(benchmarks);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var dirs = parse.GetValue(folders) ?? [];
            var benchmarksFile = parse.GetValue(benchmarks);
            if (dirs.Length == 0 && benchmarksFile is null)
                throw new ArgumentException("give at least one experiment folder, e.g. 'deltamodel report experiments/camels-sample-dhbv', " +
                                            "or --benchmarks experiments/benchmarks.yaml.");
            int code = dirs.Length == 0 ? 0 : Report(dirs, parse.GetValue(resultsTable), parse.GetValue(asWarning));
            if (benchmarksFile is not null)
            {
                var written = BenchmarksReport.Write(benchmarksFile);
                Console.WriteLine($"wrote {written[0]} ({written.Count - 1} figures and tables in {BenchmarksReport.FiguresFolderName}/)");
            }
            return code;
        }));
        return command;
    }

    static int Report(string[] dirs, string? resultsTable, bool expectedAsWarning)
    {
        var reports = dirs.Select(ExperimentReporter.Write).ToList();
        foreach (var r in reports)
            Console.WriteLine($"{r.Results?.Experiment ?? r.Outputs.Folder}: wrote {r.Files.Count} files in {r.Outputs.Folder}");
        if (resultsTable is not null)
        {
            var cdf = ResultsCollection.Update(resultsTable, reports);
            Console.WriteLine($"updated {Path.GetFullPath(resultsTable)}{(cdf is null ? "" : $" and {cdf}")}");
        }
        var failures = reports.SelectMany(r => r.Failures).ToList();
        // With --expected-as-warning the caller (Experiments.proj) raises its own warning or error from
        // expected.failures.txt, so this line must not look like an MSBuild diagnostic ("warning: …") as well.
        foreach (var f in failures)
            if (expectedAsWarning) Console.WriteLine($"not reproduced: {f.Describe()}");
            else Console.Error.WriteLine($"error: published result not reproduced: {f.Describe()}");
        return failures.Count > 0 && !expectedAsWarning ? ExpectedFailed : 0;
    }
}
