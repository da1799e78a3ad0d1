using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data;

/// <summary>
/// The basins a dataset folder holds, each with its name and location where the dataset's attributes give them: what a
/// user picks a basin selection from (the experiment builder's basin list and map). Works for every registered layout:
/// it loads the folder as the runner would, keeping only the describing attributes.
/// </summary>
public static class BasinCatalog
{
    /// <summary>One basin: gauge id, and name, latitude [°N], longitude [°E], area [km²] where known (null or NaN otherwise).</summary>
    public sealed record Entry(string Id, string? Name, double Latitude, double Longitude, double AreaKm2);

    /// <summary>The attributes CAMELS, Caravan and the generic layout use for a gauge's name and place.</summary>
    static readonly string[] Describing = ["gauge_name", "gauge_lat", "gauge_lon"];

    /// <summary>Lists the basins of <paramref name="folder"/>.</summary>
    /// <param name="format">Dataset format name; null = detected from the folder.</param>
    /// <param name="forcingSource">Forcing product for layouts with several (CAMELS); null = the layout's first.</param>
    /// <param name="attributesPath">Folder of the attribute tables; null = the dataset's own.</param>
    /// <exception cref="DataException">The folder is missing or not a dataset of the format (named in the message).</exception>
    public static IReadOnlyList<Entry> Of(string folder, string? format = null, string? forcingSource = null, string? attributesPath = null)
    {
        var layout = DatasetFormats.Resolve(format, folder, "data.format");
        var request = new DatasetRequest
        {
            Pet = "none",   // PET needs no reading here and is not part of a basin's description
            AttributesPath = attributesPath,
            ForcingSource = layout.ForcingSources.Count == 0 ? null : forcingSource ?? layout.ForcingSources[0],
        };
        HydroDataset dataset;
        try
        {
            dataset = layout.Load(folder, request with { Attributes = Describing });
        }
        catch (DataException)
        {
            // A dataset without these attributes (a generic folder with its own names) still lists its basins.
            dataset = layout.Load(folder, request);
        }
        string? Text(string attribute, int basin) =>
            dataset.Attributes.TryGetValue(attribute, out var a) && a.Categories is { } names && !double.IsNaN(a.Values[basin])
                ? names[(int)a.Values[basin]] : null;
        double Number(string attribute, int basin, double fallback) =>
            dataset.Attributes.TryGetValue(attribute, out var a) && a.Categories is null && !double.IsNaN(a.Values[basin]) ? a.Values[basin] : fallback;
        return dataset.Basins.Select((id, i) => new Entry(
            id,
            Text("gauge_name", i),
            Number("gauge_lat", i, dataset.Locations[i].Latitude),
            Number("gauge_lon", i, dataset.Locations[i].Longitude),
            dataset.Locations[i].AreaKm2)).ToList();
    }
}
