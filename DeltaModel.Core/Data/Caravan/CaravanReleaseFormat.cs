using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data.Caravan;

/// <summary>
/// The official Caravan release layout (CSV series), read by <see cref="CaravanReleaseLoader"/>. One forcing product
/// (ERA5-Land); the columns a model reads are named by <see cref="DatasetRequest.Columns"/>.
/// </summary>
public sealed class CaravanReleaseFormat() : DatasetFormat("caravan_release", "Caravan release", "timeseries/csv/")
{
    public override bool Detect(string folder) => CaravanReleaseLoader.IsReleaseFolder(folder);

    public override HydroDataset Load(string folder, DatasetRequest request) => CaravanReleaseLoader.Load(folder, request);

    public override IReadOnlyList<string> InputFiles(string folder, DatasetRequest request) => CaravanReleaseLoader.InputFiles(folder, request);
}
