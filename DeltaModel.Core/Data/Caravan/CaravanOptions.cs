using DeltaModel.Core.Data.Camels;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>What <see cref="CaravanLoader"/> reads from a Caravan-CAMELS folder, and what it derives.</summary>
public sealed record CaravanOptions
{
    /// <summary>Basins to load, in this order; null = every basin of <c>catchments.csv</c> that has a csv file.</summary>
    public BasinSelection? Basins { get; init; }

    /// <summary>Days to load; null = the whole record (1981-01-01 → 2014-12-31 in the shared copy).</summary>
    public DatePeriod? Period { get; init; }

    /// <summary>CAMELS static attributes to attach (joined on gauge id from the CAMELS tables).</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>
    /// What to do when a requested attribute is missing (<c>NA</c> or empty) for a requested basin: by default an
    /// error naming table, line, basin and attribute; <see cref="AttributeFill.Mean"/> or <see cref="AttributeFill.Median"/>
    /// fill it and say so in the dataset's description.
    /// </summary>
    public AttributeFill AttributeFill { get; init; } = AttributeFill.None;

    /// <summary>
    /// Folder of the CAMELS <c>camels_*.txt</c> tables; null = <c>camels_attributes_v2.0/</c> inside the Caravan
    /// folder. Needed for <see cref="Attributes"/> and for PET, which needs each basin's latitude (<c>gauge_lat</c>).
    /// </summary>
    public string? AttributesPath { get; init; }

    /// <summary>
    /// PET recomputed as variable <c>pet</c> [mm/d]: oudin (default), hamon or none. The file's own ERA5-Land PET
    /// column is not used: it is strongly over-estimated and sometimes negative (see the data's SOURCE.md).
    /// Hargreaves is unavailable: the files carry only the daily mean temperature.
    /// </summary>
    public string Pet { get; init; } = "oudin";

    /// <summary>Dynamic variables to keep (<c>streamflow</c> always kept); null = prcp, tmean, pet (unless none), streamflow.</summary>
    public IReadOnlyList<string>? Variables { get; init; }
}
