using DeltaModel.Reporting.Plots;
using DeltaModel.Reporting.Tables;

namespace DeltaModel.Reporting;

/// <summary>
/// The cross-experiment outputs beside experiments/RESULTS.md: the table rows of the reported experiments and the
/// combined NSE CDF, redrawn from every sibling experiment folder that has test metrics (not only those reported now),
/// so the figure always shows all experiments with results.
/// </summary>
public static class ResultsCollection
{
    public const string CdfFileName = "nse_cdf.png";

    /// <returns>The CDF path when it was drawn, else null.</returns>
    public static string? Update(string resultsTablePath, IEnumerable<ExperimentReport> reports)
    {
        var rows = reports.Where(r => r.Results is not null).SelectMany(r => ResultsTable.RowsOf(r.Results!, r.Comparisons)).ToList();
        var folder = Path.GetDirectoryName(Path.GetFullPath(resultsTablePath))!;
        var cdf = Path.Combine(folder, CdfFileName);
        bool drawn = false;
        ResultsTable.Update(resultsTablePath, rows, () =>
        {
            var nse = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var dir in Directory.GetDirectories(folder))
                if (ExperimentReporter.BasinNse(Path.Combine(dir, "out")) is { Length: > 0 } v) nse[Path.GetFileName(dir)] = v;
            drawn = NseCdfPlot.Write(nse, cdf);
        });
        return drawn ? cdf : null;
    }
}
