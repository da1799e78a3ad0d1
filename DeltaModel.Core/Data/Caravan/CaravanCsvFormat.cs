using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// A third-party, headerless 4-column copy of Caravan's CAMELS-US series (P,T,PET,Q, no dates), read by
/// <see cref="CaravanLoader"/>; not the official Caravan release (that is <see cref="CaravanReleaseFormat"/>). Its config
/// name stays <c>caravan</c> so existing experiments keep working. One forcing product only (ERA5-Land), so a
/// requested CAMELS forcing source does not apply.
/// </summary>
public sealed class CaravanCsvFormat() : DatasetFormat("caravan", "headerless Caravan-CAMELS copy", "catchments.csv here or in Caravan-CAMELS/ or data/Caravan-CAMELS/")
{
    public override bool Detect(string folder) => CaravanLoader.IsCaravanFolder(folder);

    public override HydroDataset Load(string folder, DatasetRequest request)
    {
        var options = new CaravanOptions
        {
            Basins = request.Basins, Period = request.Period, Variables = request.Variables, Attributes = request.Attributes,
            AttributesPath = request.AttributesPath, AttributeFill = request.AttributeFill,
        };
        return CaravanLoader.Load(folder, request.Pet is { } pet ? options with { Pet = pet } : options);
    }

    /// <summary>The series files of the requested basins, catchments.csv and the CAMELS attribute tables.</summary>
    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) =>
        DatasetFiles.OfBasins(folder, request.Basins, IsSharedTable, request.AttributesPath);

    static bool IsSharedTable(string fileName) =>
        fileName.Equals("catchments.csv", StringComparison.OrdinalIgnoreCase) || fileName.StartsWith("camels_", StringComparison.OrdinalIgnoreCase);
}
