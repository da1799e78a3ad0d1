using System.Management.Automation;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;
using DeltaModel.PowerShell.Plots;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes simulations and metrics to files: tables (CSV and Parquet, docs/outputs.md) and PNG plots.</para>
/// <para type="description">Collects the SimulationResult and metric objects piped in and writes, into -Path:
/// simulation.csv, simulation.parquet and scalars.csv (Csv or Parquet: the Core writer produces the three together),
/// metrics.csv and metrics.json, hydrograph_&lt;basin&gt;.png per basin and metric_cdf.png (Png). An existing file is
/// never overwritten without -Force (a non-terminating error names it). -WhatIf lists the files.</para>
/// <example><code>$sims | Export-DeltaResult -Path ./report -Format Csv, Png</code></example>
/// <example><code>$sims | Measure-DeltaModel | Export-DeltaResult -Path ./report</code></example>
/// </summary>
[Cmdlet(VerbsData.Export, "DeltaResult", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDeltaResultCommand : DeltaCmdlet
{
    static readonly string[] CdfMetrics = ["nse", "kge"];
    readonly List<SimulationResult> simulations = [];
    readonly List<BasinMetricResult> metrics = [];

    /// <summary>SimulationResult (Invoke-DeltaSimulation) or metric objects (Measure-DeltaModel).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>Destination folder (created if needed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("PSPath", "LiteralPath", "Destination")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>What to write: Csv, Parquet (tables) and/or Png (plots).</summary>
    [Parameter]
    [ValidateSet("Csv", "Parquet", "Png")]
    public string[] Format { get; set; } = ["Csv", "Parquet", "Png"];

    /// <summary>Overwrite existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item.BaseObject)
            {
                case SimulationResult s: simulations.Add(s); break;
                case BasinMetricResult m: metrics.Add(m); break;
                default:
                    WriteError(ErrorRecords.Create("UnsupportedInput", ErrorCategory.InvalidType, item,
                        $"cannot export a {item.BaseObject.GetType().Name}; pipe SimulationResult (Invoke-DeltaSimulation) or metrics (Measure-DeltaModel)."));
                    break;
            }
        }
    }

    protected override void EndProcessing() => Terminating(Export, () => Path);

    void Export()
    {
        var folder = ResolvePath(Path);
        bool tables = Format.Any(f => f is "Csv" or "Parquet"), png = Format.Contains("Png", StringComparer.OrdinalIgnoreCase);
        if (simulations.Count > 0 && tables)
        {
            var (output, observed) = SimulationResult.Combine(simulations);
            Write(folder, ["simulation.csv", "simulation.parquet", "scalars.csv"], () => SimulationWriter.Write(folder, output, observed));
        }
        if (metrics.Count > 0 && tables)
            Write(folder, ["metrics.csv", "metrics.json"],
                () => MetricsWriter.Write(folder, metrics.Select(m => m.Basin).ToList(), metrics.Select(m => m.Metrics).ToList()));
        if (png)
        {
            foreach (var sim in simulations)
            {
                var file = $"hydrograph_{sim.Basin}.png";
                Write(folder, [file], () => ResultPlots.Hydrograph(System.IO.Path.Combine(folder, file), sim));
            }
            if (metrics.Count > 0)
                Write(folder, ["metric_cdf.png"], () => ResultPlots.MetricCdf(System.IO.Path.Combine(folder, "metric_cdf.png"), metrics, CdfMetrics));
        }
    }

    /// <summary>Runs one writer if none of its files would be overwritten without -Force and every file is confirmed.</summary>
    void Write(string folder, string[] files, Action write)
    {
        var paths = files.Select(f => System.IO.Path.Combine(folder, f)).ToList();
        var existing = paths.Where(File.Exists).ToList();
        if (existing.Count > 0 && !Force)
        {
            foreach (var p in existing)
                WriteError(ErrorRecords.Create("FileExists", ErrorCategory.ResourceExists, p, $"{p} exists; use -Force to overwrite it."));
            return;
        }
        // The Core writers produce their files together: write only when all of them are confirmed.
        var confirmed = paths.Select(p => ShouldProcess(p, "Write")).ToList();   // ask for each file, no short-circuit
        if (!confirmed.All(c => c)) return;
        write();
        foreach (var p in paths) WriteObject(new FileInfo(p));
    }
}
