using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Comparison;

namespace DeltaModel.Reporting;

/// <summary>What <see cref="ExperimentReporter"/> wrote for one output folder.</summary>
/// <param name="Results">The run described; null when the folder only holds sweep members.</param>
/// <param name="Files">Files written, absolute paths.</param>
public sealed record ExperimentReport(RunFolder Outputs, RunResults? Results, IReadOnlyList<ExpectedComparison> Comparisons,
    IReadOnlyList<string> Files)
{
    public IEnumerable<ExpectedComparison> Failures => Comparisons.Where(c => !c.Pass);
}
