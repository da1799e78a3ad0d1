using System.Management.Automation;
using DeltaModel.Core.Metrics;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Scores simulations against observations: one metrics object per basin (NSE, KGE, RMSE, …).</para>
/// <para type="description">Computes every metric of the Core metrics table (spec §5) for each SimulationResult piped
/// in. The headline metrics are properties; all others are note properties named as in metrics.csv (e.g. kge_12).
/// A basin without observations is a non-terminating error; the pipeline goes on with the next.</para>
/// <example><code>$sims | Measure-DeltaModel | Where-Object Nse -gt 0.5</code><para>Scores every simulation and keeps the basins with an NSE above 0.5.</para></example>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "DeltaModel")]
[OutputType(typeof(BasinMetricResult))]
public sealed class MeasureDeltaModelCommand : DeltaCmdlet
{
    /// <summary>Simulation results (Invoke-DeltaSimulation).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SimulationResult[] Simulation { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var sim in Simulation)
        {
            if (sim.Observed is null)
            {
                WriteError(ErrorRecords.Create("NoObservations", ErrorCategory.InvalidData, sim,
                    $"basin {sim.Basin}: the simulation carries no observed {sim.Target}, so there is nothing to score against."));
                continue;
            }
            var table = MetricsTable.Compute([sim.Basin], sim.Streamflow, sim.Observed, sim.Days);
            var result = new BasinMetricResult(sim.Basin, table.Values[0]);
            var wrapped = PSObject.AsPSObject(result);
            foreach (var name in BasinMetrics.Names) wrapped.Properties.Add(new PSNoteProperty(name, result.Get(name)));
            WriteObject(wrapped);
        }
    }
}
