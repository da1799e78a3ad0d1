using System.Management.Automation;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;
using DeltaModel.Reporting.Plots;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes simulations and metrics to files: tables (CSV, Parquet), NetCDF (classic, CF) and PNG plots (docs/outputs.md).</para>
/// <para type="description">Collects the SimulationResult and metric objects piped in and writes, into -Path, the files
/// of each -Format and no others: simulation.csv and scalars.csv (Csv), simulation.parquet (Parquet), simulation.nc
/// (NetCdf: NetCDF classic CDF-2, basin × time, one float32 variable per series with its units, CF time), metrics.csv (Csv),
/// metrics.json (Json), hydrograph_&lt;basin&gt;.png per basin and metric_cdf.png (Png). An existing file is never
/// overwritten without -Force (a non-terminating error names it). -WhatIf lists the files.</para>
/// <example><code>$sims | Export-DeltaResult -Path ./report -Format Csv, Png</code>
/// <para>Writes simulation.csv, scalars.csv and one hydrograph PNG per basin into ./report.</para></example>
/// <example><code>$sims | Measure-DeltaModel | Export-DeltaResult -Path ./report</code>
/// <para>Scores the simulations and writes metrics.csv, metrics.json and the metric CDF plot (the default formats).</para></example>
/// <example><code>$sims | Export-DeltaResult -Path ./report -Format NetCdf</code>
/// <para>Writes simulation.nc: NetCDF (classic CDF-2) with dimensions basin × time, one float32 variable per series with its units
/// and a CF time coordinate, ready for xarray or ncview.</para></example>
/// <para type="outputs">FileInfo: One FileInfo per file written (none for files skipped or under -WhatIf).</para>
/// </summary>
[Cmdlet(VerbsData.Export, "DeltaResult", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDeltaResultCommand : DeltaCmdlet
{
    static readonly string[] CdfMetrics = ["nse", "kge"];
    static readonly string[] SimulationFormats = ["Csv", "Parquet", "NetCdf", "Png"];
    static readonly string[] MetricFormats = ["Csv", "Json", "Png"];
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

    /// <summary>What to write, each format only its own files: Csv (simulation.csv, scalars.csv, metrics.csv), Parquet
    /// (simulation.parquet), Json (metrics.json, the per-metric summary), NetCdf (simulation.nc, NetCDF basin × time)
    /// and/or Png (plots). Default: Csv, Parquet, Json, Png.</summary>
    [Parameter]
    [ValidateSet("Csv", "Parquet", "Json", "NetCdf", "Png")]
    public string[] Format { get; set; } = ["Csv", "Parquet", "Json", "Png"];

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
        // The table writers and the NetCDF writer take the basins joined into the Core layout: join once.
        var combined = new Lazy<(SimulationOutput Output, float[]? Observed)>(() => SimulationResult.Combine(simulations));
        if (simulations.Count > 0)
        {
            if (Wants("Csv"))
                Write(folder, [SimulationWriter.CsvFileName, SimulationWriter.ScalarsFileName],
                    () => SimulationWriter.WriteCsv(folder, combined.Value.Output, combined.Value.Observed));
            if (Wants("Parquet"))
                Write(folder, [SimulationWriter.ParquetFileName], () => SimulationWriter.WriteParquet(folder, combined.Value.Output, combined.Value.Observed));
            if (Wants("NetCdf"))
            {
                var file = System.IO.Path.Combine(folder, NetCdfWriter.FileName);
                Write(folder, [NetCdfWriter.FileName], () => NetCdfWriter.Write(file, combined.Value.Output, combined.Value.Observed, simulations[0].Units));
            }
            if (Wants("Png"))
                foreach (var sim in simulations)
                {
                    var file = $"hydrograph_{sim.Basin}.png";
                    Write(folder, [file], () => HydrographPlot.Draw(System.IO.Path.Combine(folder, file),
                        $"{sim.Basin} {sim.Start:yyyy-MM-dd}..{sim.End:yyyy-MM-dd}", $"{sim.Target} [mm/d]", Points(sim)));
                }
            if (!Format.Any(f => SimulationFormats.Contains(f, StringComparer.OrdinalIgnoreCase)))
                WriteWarning($"simulations are written as {string.Join(", ", SimulationFormats)}; -Format {string.Join(", ", Format)} writes none of them.");
        }
        if (metrics.Count > 0)
        {
            var values = metrics.Select(m => m.Metrics).ToList();
            if (Wants("Csv"))
                Write(folder, [MetricsWriter.CsvFileName], () => MetricsWriter.WriteCsv(folder, metrics.Select(m => m.Basin).ToList(), values));
            if (Wants("Json"))
                Write(folder, [MetricsWriter.SummaryFileName], () => MetricsWriter.WriteSummary(folder, values));
            if (Wants("Png"))
                Write(folder, ["metric_cdf.png"], () => CdfPlot.Write(System.IO.Path.Combine(folder, "metric_cdf.png"),
                    CdfMetrics.Select(name => KeyValuePair.Create(name, metrics.Select(m => m.Get(name)).ToArray())),
                    $"metric CDF over {metrics.Count} basins", "value"));
            if (!Format.Any(f => MetricFormats.Contains(f, StringComparer.OrdinalIgnoreCase)))
                WriteWarning($"metrics are written as {string.Join(", ", MetricFormats)}; -Format {string.Join(", ", Format)} writes none of them.");
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
