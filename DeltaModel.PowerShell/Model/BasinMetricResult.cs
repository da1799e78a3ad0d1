using System.Management.Automation;
using DeltaModel.Core.Metrics;

namespace DeltaModel.PowerShell.Model;

/// <summary>
/// One basin's scores as <c>Measure-DeltaModel</c> emits them: the headline metrics as properties for tables and
/// <c>Where-Object</c>, every metric of the Core <see cref="BasinMetrics"/> through <see cref="Get"/> (and as note
/// properties the cmdlet adds), and why a metric is missing when it is.
/// </summary>
public sealed class BasinMetricResult
{
    public BasinMetricResult(string basin, BasinMetrics metrics)
    {
        Basin = basin;
        Metrics = metrics;
    }

    public string Basin { get; }

    /// <summary>The Core metrics object (all metrics, missing reasons); hidden so that Export-Csv and grid views show
    /// the numbers, not its type name.</summary>
    [Hidden]
    public BasinMetrics Metrics { get; }

    /// <summary>Days with both a simulation and an observation.</summary>
    public int ObservedDays => Metrics.ObservedDays;

    public double Nse => Metrics.Get("nse");
    public double Kge => Metrics.Get("kge");
    public double Rmse => Metrics.Get("rmse");
    public double Corr => Metrics.Get("corr");
    public double BiasRel => Metrics.Get("bias_rel");
    public double Fhv => Metrics.Get("fhv");
    public double Flv => Metrics.Get("flv");

    /// <summary>Any metric by name (see <see cref="BasinMetrics.Names"/>); NaN when missing.</summary>
    public double Get(string name) => Metrics.Get(name);

    public override string ToString() => $"{Basin} nse={Nse:F3} kge={Kge:F3}";
}
