namespace DeltaModel.Core.Data.Formats;

/// <summary>What a caller asks of a dataset folder, whatever its format. Null means the format's own default.</summary>
public sealed record DatasetRequest
{
    /// <summary>Basins to load, in this order; null = every basin the folder has data for.</summary>
    public BasinSelection? Basins { get; init; }

    /// <summary>Days to load; null = the days every selected basin has data for.</summary>
    public DatePeriod? Period { get; init; }

    /// <summary>
    /// The observed variable (<c>data.target</c>), always loaded and the only one allowed gaps. Layouts with named
    /// columns (<c>generic</c>, <c>caravan_release</c>) read any name, e.g. <c>A_net</c> for a photosynthesis twin; the
    /// CAMELS layouts have only streamflow.
    /// </summary>
    public string Target { get; init; } = Camels.CamelsUsLoader.TargetName;

    /// <summary>Dynamic variables to keep (the target is always kept); null = the format's default set.</summary>
    public IReadOnlyList<string>? Variables { get; init; }

    /// <summary>Variable name → file column, overriding the format's default names (<c>data.variables</c>); ignored by layouts without column names.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; init; } = new Dictionary<string, string>();

    /// <summary>Static attributes to attach, by name.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Folder of the attribute tables; null = the dataset's own.</summary>
    public string? AttributesPath { get; init; }

    /// <summary>Forcing product (see <see cref="IDatasetFormat.ForcingSources"/>); ignored by single-product layouts.</summary>
    public string? ForcingSource { get; init; }

    /// <summary>PET method added as variable <c>pet</c>: none, oudin, hargreaves, hamon.</summary>
    public string? Pet { get; init; }

    /// <summary>What to do with a requested attribute a basin lacks: none (an error naming table, line, basin and
    /// attribute), or fill with the loaded basins' mean or median (<c>data.attribute_fill</c>).</summary>
    public AttributeFill AttributeFill { get; init; } = AttributeFill.None;
}
