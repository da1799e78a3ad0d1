using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Camels;

/// <summary>The raw CAMELS-US text layout (Newman et al. 2015), read by <see cref="CamelsUsLoader"/>.</summary>
public sealed class CamelsUsFormat() : DatasetFormat("camels", "raw CAMELS-US", "basin_mean_forcing/ here or in camels_us/",
    forcingSources: ["nldas", "daymet", "maurer", "maurer_extended"])
{
    public override bool Detect(string folder) => CamelsUsLoader.IsCamelsFolder(folder);

    public override HydroDataset Load(string folder, DatasetRequest request)
    {
        var options = new CamelsUsOptions
        {
            Basins = request.Basins, Period = request.Period, Variables = request.Variables, Attributes = request.Attributes,
            AttributesPath = request.AttributesPath, AttributeFill = request.AttributeFill,
        };
        if (request.ForcingSource is { } source) options = options with { ForcingSource = source };
        if (request.Pet is { } pet) options = options with { Pet = pet };
        return CamelsUsLoader.Load(folder, options);
    }

    /// <summary>Forcing and streamflow files of the requested basins (every forcing product) and the camels_*.txt tables.</summary>
    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) =>
        DatasetFiles.OfBasins(folder, request.Basins, IsAttributeTable, request.AttributesPath);

    static bool IsAttributeTable(string fileName) => fileName.StartsWith("camels_", StringComparison.OrdinalIgnoreCase);
}
