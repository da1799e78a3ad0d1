using System.CommandLine;
using DeltaModel.Reporting;
using DeltaModel.Reporting.Inputs;
using DeltaModel.Reporting.Sweeps;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel report &lt;experiment-folder&gt;…</c>: comparison.md, report.md and plots from each folder's out/, and
/// optionally the shared RESULTS.md table and NSE CDF. Experiments.proj calls it after each run; it also answers the
/// two questions the build needs C# for (<c>--list-inputs</c>, <c>--plan-sweep</c>), so no logic lives in MSBuild.
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
        var listInputs = new Option<string?>("--list-inputs")
        {
            Description = "Print the data files an experiment.yaml reads, one per line (for Experiments.proj), and exit.",
        };
        var dataPath = new Option<string?>("--data-path")
        {
            Description = "With --list-inputs: the data.path the run will use instead of the file's (e.g. a CAMELS root).",
        };
        var planSweep = new Option<string?>("--plan-sweep")
        {
            Description = "Print the members of a sweep ('seed=1,2|model.nn.hidden_size=64,128', or '' for each folder's sweep.yaml) " +
                          "as MSBuild property lists, one per line, and exit.",
        };

        var command = new Command("report", "Write comparison tables, reports and plots for finished experiments.");
        command.Arguments.Add(folders);
        command.Options.Add(resultsTable);
        command.Options.Add(asWarning);
        command.Options.Add(listInputs);
        command.Options.Add(dataPath);
        command.Options.Add(planSweep);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var dirs = parse.GetValue(folders) ?? [];
            if (parse.GetValue(listInputs) is { } yaml) return ListInputs(yaml, parse.GetValue(dataPath));
            if (parse.GetResult(planSweep) is not null) return PlanSweep(parse.GetValue(planSweep) ?? "", dirs);
            if (dirs.Length == 0) throw new ArgumentException("give at least one experiment folder, e.g. 'deltamodel report experiments/camels-sample-dhbv'.");
            return Report(dirs, parse.GetValue(resultsTable), parse.GetValue(asWarning));
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

    static int ListInputs(string yaml, string? dataPath)
    {
        foreach (var file in ExperimentInputs.Resolve(yaml, string.IsNullOrWhiteSpace(dataPath) ? null : dataPath))
            Console.WriteLine(file);
        return 0;
    }

    /// <summary>One line per member: <c>SweepMember=&lt;id&gt;;SweepArgs=--set k=v …</c>, ready for the MSBuild task's
    /// AdditionalProperties (ids and values never hold ';', see <see cref="SweepSpec"/>).</summary>
    static int PlanSweep(string spec, string[] dirs)
    {
        if (!string.IsNullOrWhiteSpace(spec))
        {
            Print(SweepSpec.Parse(spec));
            return 0;
        }
        if (dirs.Length == 0) throw new ArgumentException("--plan-sweep '' reads <experiment-folder>/sweep.yaml: give the folder.");
        foreach (var dir in dirs)
        {
            var file = Path.Combine(dir, "sweep.yaml");
            if (!File.Exists(file)) throw new FileNotFoundException($"{Path.GetFullPath(file)}: no sweep.yaml; pass -p:Sweep=\"key=v1,v2|…\" or add the file.", file);
            Print(SweepSpec.Read(file));
        }
        return 0;

        static void Print(SweepSpec s)
        {
            foreach (var m in s.Members()) Console.WriteLine($"SweepMember={m.Id};SweepArgs={m.RunArguments}");
        }
    }
}
