using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>data</c>: where the basins' data come from and how to read them.</summary>
public sealed record DataConfig : IConfigSection
{
    public static readonly IReadOnlyList<string> PetMethods = ["none", "oudin", "hargreaves", "hamon"];
    public static readonly IReadOnlyList<string> AttributeFills = ["mean", "median"];

    /// <summary>The fill an <c>attribute_fill</c> value names (one of <see cref="AttributeFills"/>, checked at load); null = no fill.</summary>
    public static AttributeFill FillNamed(string? name) =>
        name is null ? Data.AttributeFill.None : Enum.Parse<Data.AttributeFill>(name, ignoreCase: true);

    /// <summary>Dataset layout, a name of <see cref="DatasetFormats"/>: <c>camels</c> (raw CAMELS-US text), <c>caravan_release</c> (the official Caravan layout, CSV or NetCDF), <c>generic</c> (NeuralHydrology's generic layout: CSV, NetCDF or Parquet per basin) or <c>caravan</c> (the headerless Caravan-CAMELS copy).</summary>
    public string Format { get; init; } = "camels";

    /// <summary>Dataset root folder (relative to the experiment file).</summary>
    [ConfigPath]
    public required string Path { get; init; }

    /// <summary>CAMELS forcing product: nldas, daymet, maurer, maurer_extended.</summary>
    public string ForcingSource { get; init; } = "nldas";

    /// <summary>Basin ids to use; empty = all basins with data. Alternative: <see cref="BasinFile"/>.</summary>
    public IReadOnlyList<string> Basins { get; init; } = [];

    /// <summary>A file listing basin ids, one per line (relative to the experiment file).</summary>
    [ConfigPath]
    public string? BasinFile { get; init; }

    /// <summary>Folder of CAMELS attribute tables (<c>camels_*.txt</c>); default: the dataset's own.</summary>
    [ConfigPath]
    public string? AttributesPath { get; init; }

    /// <summary>PET method computed from temperature and latitude: none, oudin, hargreaves, hamon.</summary>
    public string Pet { get; init; } = "oudin";

    /// <summary>
    /// How to fill a requested attribute that a basin lacks (<c>NA</c> or empty in its table): mean or median over the
    /// loaded basins that have it. Unset (default): such a gap is an error naming table, line, basin and attribute.
    /// </summary>
    public string? AttributeFill { get; init; }

    /// <summary>
    /// Model variable name → the column of the dataset's files that holds it (<c>prcp: total_precipitation_sum</c>),
    /// for the layouts whose files name their columns (<c>caravan_release</c>, <c>generic</c>). Names not listed keep the format's
    /// defaults; a model variable that is not a known name reads the column given here.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Target variable (daily streamflow in mm/d).</summary>
    public string Target { get; init; } = "streamflow";

    public void Validate(ConfigErrors errors, string path) => Validate(errors, path, onDisk: true);

    /// <param name="onDisk">Whether the folder and basin file must exist here; false where this section only records
    /// where data came from (a dataset in memory, a model trained on another machine).</param>
    public void Validate(ConfigErrors errors, string path, bool onDisk)
    {
        if (!DatasetFormats.Names.Contains(Format)) errors.Expected($"{path}.format", $"one of {string.Join(", ", DatasetFormats.Names)}", Format);
        if (!PetMethods.Contains(Pet)) errors.Expected($"{path}.pet", $"one of {string.Join(", ", PetMethods)}", Pet);
        if (AttributeFill is not null && !AttributeFills.Contains(AttributeFill))
            errors.Expected($"{path}.attribute_fill", $"one of {string.Join(", ", AttributeFills)} (or no key: a missing attribute is then an error)", AttributeFill);
        if (onDisk && Path is not null && !Directory.Exists(Path)) errors.Add($"{path}.path", $"'{path}.path': folder not found: {Path}");
        if (onDisk && BasinFile is not null && !File.Exists(BasinFile)) errors.Add($"{path}.basin_file", $"'{path}.basin_file': file not found: {BasinFile}");
        foreach (var (variable, column) in Variables)
            if (string.IsNullOrWhiteSpace(column)) errors.Expected($"{path}.variables.{variable}", "a column name of the dataset's files", column ?? "");
        if (BasinFile is not null && Basins.Count > 0) errors.Add($"{path}.basin_file", $"give either '{path}.basins' or '{path}.basin_file', not both.");
    }
}
