using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
using DeltaModel.PowerShell.Completers;
using DeltaModel.PowerShell.Hosting;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Loads basins' daily data from a dataset folder (CAMELS-US, the Caravan release, the headerless Caravan-CAMELS copy) or an experiment file.</para>
/// <para type="description">Returns one Core HydroDataset (dynamic variables [time, basin] with units, static attributes).
/// The folder's format is detected (raw CAMELS-US text, the official Caravan release with basins of several sources, or the headerless Caravan-CAMELS copy). With -Experiment, the data section of the experiment file is read with exactly the
/// variables its model needs, over its training/test/simulation periods plus warm-up.</para>
/// <example><code>$d = Import-HydroDataset ./data/camels-sample -Basin 01013500,01022500 -Period 1990-10-01..2000-09-30</code><para>Loads two CAMELS-US basins over ten water years with the default forcings plus tmean and pet.</para></example>
/// <example><code>$d = Import-HydroDataset -Experiment ./experiments/camels-sample-dhbv/experiment.yaml</code><para>Loads exactly the data the experiment needs: its basins, its model variables, its periods plus warm-up.</para></example>
/// <para type="outputs">HydroDataset: The Core dataset: daily dynamic variables [time, basin] with units, static attributes, basin ids and dates.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "HydroDataset", DefaultParameterSetName = FolderSet)]
[OutputType(typeof(HydroDataset))]
public sealed class ImportHydroDatasetCommand : DeltaCmdlet
{
    const string FolderSet = "Path";
    const string ExperimentSet = "Experiment";

    /// <summary>Dataset folder: raw CAMELS-US (basin_mean_forcing/, usgs_streamflow/), the Caravan release (timeseries/csv/ or timeseries/netcdf/, attributes/), NeuralHydrology's generic layout (time_series/ with .csv, .nc or .parquet per basin, attributes/) or the headerless Caravan-CAMELS copy (catchments.csv).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>An experiment file (YAML) whose data section to load.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExperimentSet)]
    [ValidateNotNullOrEmpty]
    public string Experiment { get; set; } = "";

    /// <summary>Gauge ids to load, in this order (7-digit ids get their leading zero; Caravan ids keep their source, camels_01013500); default: all basins.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(BasinIdCompleter))]
    public string[]? Basin { get; set; }

    /// <summary>Days to load, START..END inclusive (with -Experiment: the scored period; warm-up is added before it).</summary>
    [Parameter]
    [DatePeriodTransformation]
    public DatePeriod? Period { get; set; }

    /// <summary>CAMELS forcing product; default: nldas, the experiment file's default (data.forcing_source), as for deltamodel dataset.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    [ValidateSet("nldas", "daymet", "maurer", "maurer_extended")]
    public string ForcingSource { get; set; } = new DataConfig { Path = "" }.ForcingSource;

    /// <summary>Dynamic variables to keep (streamflow is always kept); default: the loader's forcings plus tmean and pet.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    [ArgumentCompleter(typeof(VariableNameCompleter))]
    public string[]? Variable { get; set; }

    /// <summary>Static CAMELS attributes to attach, e.g. p_mean, aridity.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    public string[] Attribute { get; set; } = [];

    /// <summary>PET computed from temperature and latitude, added as 'pet' [mm/d]; default: oudin, the experiment file's default (data.pet), as for deltamodel dataset.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    [ValidateSet("none", "oudin", "hargreaves", "hamon")]
    public string Pet { get; set; } = new DataConfig { Path = "" }.Pet;

    /// <summary>The observed variable (data.target), the only one allowed gaps: any column of a generic or Caravan-release folder, e.g. A_net (docs/photosynthesis.md); default: streamflow.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = new DataConfig { Path = "" }.Target;

    /// <summary>Folder of the camels_*.txt attribute tables; default: the dataset's own.</summary>
    [Parameter(ParameterSetName = FolderSet)]
    public string? AttributesPath { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ExperimentSet) Terminating(LoadExperiment, () => Experiment);
        else Terminating(LoadFolder, () => Path);
    }

    void LoadFolder()
    {
        var folder = ResolvePath(Path);
        if (!Directory.Exists(folder))
            Fail("DatasetFolderNotFound", ErrorCategory.ObjectNotFound, Path,
                $"dataset folder not found: {folder}. Give a dataset folder (CAMELS-US, Caravan release, Caravan-CAMELS copy), e.g. ./data/camels-sample.");
        var selection = Basin is { Length: > 0 } ? BasinSelection.FromIds(Basin) : null;
        var attributesPath = AttributesPath is null ? null : ResolvePath(AttributesPath);
        var format = DatasetFormats.Detect(folder);
        var data = new DataConfig
        {
            Format = format.Name, Path = folder, ForcingSource = ForcingSource, Pet = Pet,
            AttributesPath = attributesPath, Basins = selection?.Ids ?? [], Target = Target,
        };
        WriteVerbose($"loading {data.Format} data from {folder}");
        var dataset = format.Load(folder, new DatasetRequest
        {
            Basins = selection, Period = Period, Variables = Variable, Attributes = Attribute, AttributesPath = attributesPath,
            ForcingSource = ForcingSource, Pet = Pet, Target = Target,
        });
        WriteObject(dataset.WithOrigin(data));
    }

    void LoadExperiment()
    {
        var file = ResolvePath(Experiment);
        if (!File.Exists(file))
            Fail("ExperimentFileNotFound", ErrorCategory.ObjectNotFound, Experiment, $"experiment file not found: {file}");
        var plan = RunPlan.FromFile(file, new RunOverrides { Basins = Basin is { Length: > 0 } ? BasinSelection.FromIds(Basin).Ids : null });
        IReadOnlyList<PeriodConfig> periods = Period is { } p ? [new PeriodConfig { Start = p.Start, End = p.End }] : plan.ConfiguredPeriods;
        if (periods.Count == 0)
            Fail("PeriodRequired", ErrorCategory.InvalidArgument, Experiment,
                $"{file} names no train, test or simulate period; give -Period START..END.");
        WriteObject(plan.LoadData(WriteVerbose, periods));
    }
}
