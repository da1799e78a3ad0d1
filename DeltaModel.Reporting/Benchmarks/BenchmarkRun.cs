using System.Globalization;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Tables;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// One run a benchmark names, found on disk: its output folder (<c>out/</c> of a local run, else the committed
/// <c>results/</c> that travels with the repository), results.json and per-basin test metrics — or why it is missing,
/// which the report prints instead of failing.
/// </summary>
public sealed record BenchmarkRun(string Name, RunFolder? Outputs, RunResults? Results, MetricsTable? Metrics, string? Missing)
{
    /// <summary>Whether the run has per-basin test metrics to compare.</summary>
    public bool HasMetrics => Metrics is not null;

    /// <summary>Finds <paramref name="name"/> for <paramref name="spec"/> (see <see cref="BenchmarkSpec"/>).</summary>
    public static BenchmarkRun Locate(BenchmarkSpec spec, string name)
    {
        var candidates = name.Contains('/') || name.Contains('\\')
            ? [Path.GetFullPath(Path.Combine(spec.Folder, name))]
            : new[] { Path.Combine(spec.Folder, name, "out"), ShippedResults.Folder(Path.Combine(spec.Folder, name)) };
        var found = candidates.Select(c => new RunFolder(c)).FirstOrDefault(f => File.Exists(f.Results));
        if (found is null)
        {
            var finished = candidates.SelectMany(FinishedMembers).Select(m => Path.GetRelativePath(spec.Folder, m).Replace('\\', '/')).ToList();
            return new BenchmarkRun(name, null, null, null, finished.Count > 0
                ? $"in progress: {finished.Count} member(s) finished ({string.Join(", ", finished)}), the run not yet combined"
                : $"not run yet (no {string.Join(" or ", candidates.Select(c => Path.GetRelativePath(spec.Folder, Path.Combine(c, RunFolder.ResultsFileName))))})");
        }
        var results = RunResults.Read(found.Results);
        if (!File.Exists(found.MetricsCsv))
            return new BenchmarkRun(name, found, results, null, $"no per-basin test metrics ({Path.GetRelativePath(spec.Folder, found.MetricsCsv)}; mode {results.Mode})");
        return new BenchmarkRun(name, found, results, MetricsTable.Read(found.MetricsCsv), null);
    }

    /// <summary>
    /// Member folders (<c>&lt;group&gt;/&lt;member&gt;/</c>, as ensembles and folds lay them out) with a results.json of
    /// their own under a run folder that has none yet: an ensemble or folds trained a member at a time, whose finished
    /// members were shipped while the rest still trains.
    /// </summary>
    static IEnumerable<string> FinishedMembers(string runFolder) =>
        !Directory.Exists(runFolder) ? []
        : Directory.EnumerateDirectories(runFolder).SelectMany(Directory.EnumerateDirectories)
            .Where(member => File.Exists(new RunFolder(member).Results))
            .Order(StringComparer.Ordinal);

    /// <summary>Per-basin values of a metric (basin → value; NaN kept, so callers see undefined basins).</summary>
    public IReadOnlyDictionary<string, double> Values(string metric)
    {
        if (Metrics is null) return new Dictionary<string, double>();
        var column = Metrics.Names.Contains(metric, StringComparer.OrdinalIgnoreCase) ? Metrics.Column(metric) : [];
        return column.Length == 0 ? new Dictionary<string, double>()
            : Metrics.Basins.Select((b, i) => (b, column[i])).ToDictionary(x => x.b, x => x.Item2, StringComparer.Ordinal);
    }

    /// <summary>The compute the result took, from results.json: minibatches, training and total wall time.</summary>
    public string Compute
    {
        get
        {
            if (Results is not { } r) return "n/a";
            var parts = new List<string>();
            var t = TrainingCompute.Of(r);
            if (t is not null)
            {
                parts.Add(t.Minibatches is { } mb ? $"{mb.ToString("N0", CultureInfo.InvariantCulture)} minibatches{t.Over}" : $"{t.Epochs} epochs{t.Over}");
                if (t.Seconds is { } ts) parts.Add($"training {ResultsTable.FormatDuration(ts)}");
            }
            if (r.Seconds is { } s)
                parts.Add(t?.OutlastsTheRun == true ? $"last invocation {ResultsTable.FormatDuration(s)} (resumed)" : $"total {ResultsTable.FormatDuration(s)}");
            if (r.Device is { } d) parts.Add(d);
            return parts.Count == 0 ? "n/a" : string.Join(", ", parts);
        }
    }
}
