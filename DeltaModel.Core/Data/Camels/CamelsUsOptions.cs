namespace DeltaModel.Core.Data.Camels;

/// <summary>What <see cref="CamelsUsLoader"/> reads from a raw CAMELS-US folder, and what it derives.</summary>
public sealed record CamelsUsOptions
{
    /// <summary>
    /// Forcing product: the folder under <c>basin_mean_forcing/</c> — <c>daymet</c>, <c>maurer</c>,
    /// <c>maurer_extended</c>, <c>nldas</c>. Only Daymet and Maurer-extended carry a real tmax/tmin; the original
    /// NLDAS and Maurer files repeat the daily mean in both.
    /// </summary>
    public string ForcingSource { get; init; } = "daymet";

    /// <summary>Basins to load, in this order; null = every basin with a forcing file, sorted by id.</summary>
    public BasinSelection? Basins { get; init; }

    /// <summary>
    /// Days to load; null = the days every selected basin has forcings for. Every basin's forcings must cover the
    /// period; streamflow outside its record is missing (NaN).
    /// </summary>
    public DatePeriod? Period { get; init; }

    /// <summary>Static attributes to attach, by CAMELS column name (aliases such as <c>geol_porosity</c> accepted).</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>
    /// What to do when a requested attribute is missing (<c>NA</c> or empty) for a requested basin: by default an
    /// error naming table, line, basin and attribute; <see cref="AttributeFill.Mean"/> or <see cref="AttributeFill.Median"/>
    /// fill it and say so in the dataset's description.
    /// </summary>
    public AttributeFill AttributeFill { get; init; } = AttributeFill.None;

    /// <summary>
    /// Folder of the <c>camels_*.txt</c> tables; null = <c>&lt;root&gt;/camels_attributes_v2.0</c> (or
    /// <c>&lt;root&gt;/attributes</c>). Needed for <see cref="Attributes"/> and for <see cref="StreamflowArea.AreaGages2"/>.
    /// </summary>
    public string? AttributesPath { get; init; }

    /// <summary>Area that converts ft³/s to mm/d (default <c>area_gages2</c>, as the original).</summary>
    public StreamflowArea Area { get; init; } = StreamflowArea.AreaGages2;

    /// <summary>Add <c>tmean</c> = (tmax + tmin)/2 [°C]. The physics models are driven by it.</summary>
    public bool DeriveTmean { get; init; } = true;

    /// <summary>PET added as variable <c>pet</c> [mm/d]: none, hargreaves, oudin, hamon.</summary>
    public string Pet { get; init; } = "none";

    /// <summary>
    /// Dynamic variables to keep (the target <c>streamflow</c> is always kept); null = the forcings without
    /// <c>swe</c> (the CAMELS files' SWE column is all zeros, not a snow product) plus tmean and pet when derived.
    /// </summary>
    public IReadOnlyList<string>? Variables { get; init; }
}
