using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Reporting.Comparison;

/// <summary>
/// Writes <c>comparison.md</c> (expected vs ours, pass/fail) and <c>expected.failures.txt</c> (one line per failure,
/// empty when all pass). The second file lets Experiments.proj fail, or warn, even when the run itself was skipped as
/// up to date: the verdict stays with the results, not with the process that produced them.
/// </summary>
public static class ComparisonWriter
{
    public static void Write(RunFolder outputs, RunResults results, IReadOnlyList<ExpectedComparison> rows)
    {
        AtomicFile.WriteText(outputs.Comparison, w =>
        {
            w.WriteLine($"# {results.Experiment}: expected vs ours");
            w.WriteLine();
            if (rows.Count == 0)
            {
                w.WriteLine("No published results are declared for this experiment (`expected:` in experiment.yaml).");
                return;
            }
            w.WriteLine("| metric | statistic | ours | published | tolerance | band | result | source |");
            w.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var r in rows)
                w.WriteLine($"| {r.Metric} | {r.Statistic} | {ExpectedComparison.Format(r.Ours)} | {ExpectedComparison.Format(r.Published)} | " +
                            $"± {ExpectedComparison.Format(r.Tolerance)} | {ExpectedComparison.Format(r.Low)} to {ExpectedComparison.Format(r.High)} | " +
                            $"{(r.Pass ? "pass" : "**FAIL**")} | {r.Source} |");
            w.WriteLine();
            w.WriteLine($"{rows.Count(r => r.Pass)} of {rows.Count} within tolerance.");
        });
        AtomicFile.WriteText(outputs.ExpectedFailures, w =>
        {
            foreach (var r in rows.Where(r => !r.Pass)) w.WriteLine(r.Describe());
        });
    }
}
