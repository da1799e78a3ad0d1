using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>The headerless 4-column Caravan-CAMELS CSV copy, read by <see cref="CaravanLoader"/>.</summary>
public sealed class CaravanCsvFormat : IDatasetFormat
{
    public string Name => "caravan";
    public string Layout => "Caravan-CAMELS";
    public string Marker => "catchments.csv here or in Caravan-CAMELS/ or data/Caravan-CAMELS/";

    /// <summary>One product only (ERA5-Land); a requested CAMELS forcing source does not apply.</summary>
    public IReadOnlyList<string> ForcingSources => [];

    public bool Detect(string folder) => CaravanLoader.IsCaravanFolder(folder);

    public HydroDataset Load(string folder, DatasetRequest request)
    {
        var options = new CaravanOptions
        {
            Basins = request.Basins, Period = request.Period, Variables = request.Variables, Attributes = request.Attributes,
            AttributesPath = request.AttributesPath,
        };
        return CaravanLoader.Load(folder, request.Pet is { } pet ? options with { Pet = pet } : options);
    }

    /// <summary>The series files of the requested basins, catchments.csv and the CAMELS attribute tables.</summary>
    public IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) =>
        DatasetFiles.OfBasins(folder, request.Basins, IsSharedTable, request.AttributesPath);

    static bool IsSharedTable(string fileName) =>
        fileName.Equals("catchments.csv", StringComparison.OrdinalIgnoreCase) || fileName.StartsWith("camels_", StringComparison.OrdinalIgnoreCase);
}
