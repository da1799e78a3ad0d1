using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Comparison;
using DeltaModel.Reporting.Tables;

namespace DeltaModel.Reporting.Sweeps;

/// <summary>
/// Writes out/sweep/summary.md: one row per finished member (a folder under out/sweep/ holding results.json), its
/// settings read back from the folder name, then median NSE/KGE, final loss and run time. Unfinished members are listed
/// as such, so a half-done sweep is visible rather than silently smaller.
/// </summary>
public static class SweepSummaryWriter
{
    /// <returns>False when the output folder has no sweep members (nothing written).</returns>
    public static bool Write(RunFolder outputs, string experiment)
    {
        if (!Directory.Exists(outputs.SweepFolder)) return false;
        var members = Directory.GetDirectories(outputs.SweepFolder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        if (members.Count == 0) return false;
        var keys = members.SelectMany(m => SweepMember.FromId(m).Settings.Select(s => s.Key)).Distinct().ToList();

        AtomicFile.WriteText(outputs.SweepSummary, w =>
        {
            w.WriteLine($"# {experiment}: sweep summary");
            w.WriteLine();
            w.WriteLine("| member | " + string.Join(" | ", keys) + " | nse median | kge median | final loss | run time | expected |");
            w.WriteLine("|---|" + string.Concat(keys.Select(_ => "---|")) + "---|---|---|---|---|");
            foreach (var id in members)
            {
                var settings = SweepMember.FromId(id).Settings.ToDictionary(s => s.Key, s => s.Value);
                var cells = keys.Select(k => settings.GetValueOrDefault(k, ""));
                var resultsPath = new RunFolder(Path.Combine(outputs.SweepFolder, id)).Results;
                string tail;
                if (!File.Exists(resultsPath)) tail = "not finished | | | | |";
                else
                {
                    var r = RunResults.Read(resultsPath);
                    var cmp = ExpectedComparison.From(r);
                    tail = $"{Stat(r, "nse")} | {Stat(r, "kge")} | {ExpectedComparison.Format(r.Training?.FinalLoss)} | " +
                           $"{(r.Seconds is { } s ? ResultsTable.FormatDuration(s) : "n/a")} | " +
                           $"{(cmp.Count == 0 ? "n/a" : $"{cmp.Count(c => c.Pass)}/{cmp.Count} pass")} |";
                }
                w.WriteLine($"| [{id}]({id}/) | {string.Join(" | ", cells)} | {tail}");
            }
        });
        return true;
    }

    static string Stat(RunResults r, string metric) =>
        ExpectedComparison.Format(r.Evaluation?.Metric(metric)?.Median);
}
