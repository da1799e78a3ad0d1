using System.Collections;
using DeltaModel.Core.Metrics;

namespace DeltaModel.PowerShell.Completers;

/// <summary>Metric names (<c>-Metric</c>), in the Core's report order.</summary>
public sealed class MetricNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters) => BasinMetrics.Names;
}
