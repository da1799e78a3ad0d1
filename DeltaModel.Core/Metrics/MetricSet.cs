namespace DeltaModel.Core.Metrics;

/// <summary>Collects one basin's metric values and the reason for each missing one.</summary>
internal sealed class MetricSet
{
    readonly double[] values = Enumerable.Repeat(double.NaN, BasinMetrics.Names.Count).ToArray();
    readonly Dictionary<string, string> missing = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Stores <paramref name="value"/>; a non-finite value is stored as missing with <paramref name="reasonIfNotFinite"/>.</summary>
    public void Set(string name, double value, string reasonIfNotFinite = "the value is not finite (an overflow or a division by zero).")
    {
        if (double.IsFinite(value)) values[BasinMetrics.IndexOf(name)] = value;
        else Missing(name, reasonIfNotFinite);
    }

    public void Missing(string name, string reason)
    {
        values[BasinMetrics.IndexOf(name)] = double.NaN;
        missing[name] = reason;
    }

    public BasinMetrics AllMissing(int observedDays, string reason)
    {
        foreach (var name in BasinMetrics.Names) Missing(name, reason);
        return Build(observedDays);
    }

    public BasinMetrics Build(int observedDays)
    {
        foreach (var name in BasinMetrics.Names)
            if (double.IsNaN(values[BasinMetrics.IndexOf(name)]) && !missing.ContainsKey(name))
                throw new InvalidOperationException($"metric '{name}' was not computed; this is a bug in MetricsCalculator.");
        return new BasinMetrics(values, observedDays, missing);
    }
}
