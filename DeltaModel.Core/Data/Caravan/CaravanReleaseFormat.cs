using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// The official Caravan release (Kratzert et al. 2023): series <c>timeseries/csv/&lt;source&gt;/&lt;gauge_id&gt;.csv</c>
/// (a <c>date</c> column, then ERA5-Land daily variables and <c>streamflow</c>, in mm/d, °C and W m⁻²) or the same as
/// NetCDF, <c>timeseries/netcdf/&lt;source&gt;/&lt;gauge_id&gt;.nc</c> (dimension <c>date</c>), per basin the CSV where
/// both exist (the release ships both with the same values), and
/// <c>attributes/&lt;source&gt;/attributes_{caravan,hydroatlas,other}_&lt;source&gt;.csv</c> keyed by <c>gauge_id</c>.
/// Gauge ids carry their source (<c>camels_01013500</c>, <c>camelsgb_28015</c>), so one folder holds several sources
/// and one basin list may mix them. Model variables read the columns <see cref="DefaultColumns"/> names unless the
/// request maps them elsewhere (<c>data.variables</c>). Loaded by <see cref="PerBasinLoader"/>.
/// </summary>
public sealed class CaravanReleaseFormat() : DatasetFormat("caravan_release", "Caravan release", "timeseries/csv/ or timeseries/netcdf/")
{
    /// <summary>Model variable → Caravan column. Units match <see cref="VariableUnits"/> (mm/d, °C, W m⁻², mm).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prcp"] = "total_precipitation_sum",
        ["tmean"] = "temperature_2m_mean",
        ["tmin"] = "temperature_2m_min",
        ["tmax"] = "temperature_2m_max",
        ["pet"] = "potential_evaporation_sum",
        ["srad"] = "surface_net_solar_radiation_mean",
        ["swe"] = "snow_depth_water_equivalent_mean",
        ["streamflow"] = "streamflow",
    };

    static readonly PerBasinLayout layout = new("Caravan release", [Path.Combine("timeseries", "csv"), Path.Combine("timeseries", "netcdf")],
        (folder, id) =>
        [
            Path.Combine(folder, "timeseries", "csv", Source(id), id + ".csv"),
            Path.Combine(folder, "timeseries", "netcdf", Source(id), id + ".nc"),
        ],
        new CamelsAttributeTable.TableLayout("Caravan", "attributes_*.csv", ',', Recursive: true,
            id => BasinSelection.IsSourcePrefixedId(id), "is not a Caravan gauge id (expected <source>_<id>, e.g. camels_01013500)",
            "every basin needs a row in attributes/<source>/attributes_*_<source>.csv", []),
        DefaultColumns, IsSourced: true);

    static string Source(string id) => id[..Math.Max(0, id.IndexOf('_'))];

    public override bool Detect(string folder) => PerBasinLoader.Holds(folder, layout);

    public override HydroDataset Load(string folder, DatasetRequest request) => PerBasinLoader.Load(folder, request, layout);

    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) => PerBasinLoader.InputFiles(folder, request, layout);
}
