using System.Management.Automation;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;
using DeltaModel.Reporting.Plots;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes simulations and metrics to files: tables (CSV, Parquet), NetCDF-4 and PNG plots (docs/outputs.md).</para>
/// <para type="description">Collects the SimulationResult and metric objects piped in and writes, into -Path:
/// simulation.csv, simulation.parquet and scalars.csv (Csv or Parquet: the Core writer produces the three together),
/// simulation.nc (NetCdf: NetCDF-4, basin × time, one float32 variable per series with its units, CF time), metrics.csv
/// and metrics.json (Csv or Parquet), hydrograph_&lt;basin&gt;.png per basin and metric_cdf.png (Png). An existing file is
/// never overwritten without -Force (a non-terminating error names it). -WhatIf lists the files.</para>
/// <example><code>$sims | Export-DeltaResult -Path ./report -Format Csv, Png</code>
/// <para>Writes simulation.csv and scalars.csv (the Core writer also writes simulation.parquet) and one hydrograph PNG
/// per basin into ./report.</para></example>
/// <example><code>$sims | Measure-DeltaModel | Export-DeltaResult -Path ./report</code>
/// <para>Scores the simulations and writes metrics.csv, metrics.json and the metric CDF plot.</para></example>
/// <example><code>$sims | Export-DeltaResult -Path ./report -Format NetCdf</code>
/// <para>Writes simulation.nc: NetCDF-4 with dimensions basin × time, one float32 variable per series with its units
/// and a CF time coordinate, ready for xarray or ncview.</para></example>
/// <para type="outputs">FileInfo: One FileInfo per file written (none for files skipped or under -WhatIf).</para>
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

    /// <summary>What to write: Csv, Parquet (tables), NetCdf (simulation.nc, NetCDF-4 basin × time) and/or Png (plots).</summary>
    [Parameter]
    [ValidateSet("Csv", "Parquet", "NetCdf", "Png")]
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
        bool tables = Wants("Csv") || Wants("Parquet"), png = Wants("Png");
        // Both table writers and the NetCDF writer take the basins joined into the Core layout: join once.
        var combined = new Lazy<(SimulationOutput Output, float[]? Observed)>(() => SimulationResult.Combine(simulations));
        if (simulations.Count > 0 && tables)
        {
            var (output, observed) = combined.Value;
            Write(folder, ["simulation.csv", "simulation.parquet", "scalars.csv"], () => SimulationWriter.Write(folder, output, observed));
        }
        if (simulations.Count > 0 && Wants("NetCdf"))
        {
            var (output, observed) = combined.Value;
            var file = System.IO.Path.Combine(folder, NetCdfWriter.FileName);
            Write(folder, [NetCdfWriter.FileName], () => NetCdfWriter.Write(file, output, observed, simulations[0].Units));
        }
        if (metrics.Count > 0 && tables)
            Write(folder, ["metrics.csv", "metrics.json"],
                () => MetricsWriter.Write(folder, metrics.Select(m => m.Basin).ToList(), metrics.Select(m => m.Metrics).ToList()));
        if (png)
        {
            foreach (var sim in simulations)
            {
                var file = $"hydrograph_{sim.Basin}.png";
                Write(folder, [file], () => HydrographPlot.Draw(System.IO.Path.Combine(folder, file),
                    $"{sim.Basin} {sim.Start:yyyy-MM-dd}..{sim.End:yyyy-MM-dd}", $"{sim.Target} [mm/d]", Points(sim)));
            }
            if (metrics.Count > 0)
                Write(folder, ["metric_cdf.png"], () => CdfPlot.Write(System.IO.Path.Combine(folder, "metric_cdf.png"),
                    CdfMetrics.Select(name => KeyValuePair.Create(name, metrics.Select(m => m.Get(name)).ToArray())),
                    $"metric CDF over {metrics.Count} basins", "value"));
        }
    }

    /// <summary>A simulation as hydrograph points: day, observed (NaN where missing or absent), simulated target.</summary>
    static List<(double Day, double Obs, double Sim)> Points(SimulationResult sim) =>
        sim.Dates.Select((d, t) => (d.ToDateTime(TimeOnly.MinValue).ToOADate(), (double)(sim.Observed?[t] ?? float.NaN), (double)sim.Streamflow[t])).ToList();

    bool Wants(string format) => Format.Contains(format, StringComparer.OrdinalIgnoreCase);

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
