using System.Runtime.CompilerServices;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// Remembers which <c>data</c> section each dataset loaded in this session came from, so the config saved beside a
/// trained model (config.resolved.yaml) names the real dataset folder, basins and target. Weak: a dataset that goes
/// out of scope takes its entry with it.
/// </summary>
internal static class DatasetOrigins
{
    static readonly ConditionalWeakTable<HydroDataset, DataConfig> origins = new();

    public static HydroDataset Remember(HydroDataset dataset, DataConfig data)
    {
        origins.AddOrUpdate(dataset, data with { Basins = dataset.Basins, BasinFile = null, Target = dataset.TargetName });
        return dataset;
    }

    /// <summary>The data section of <paramref name="dataset"/>; for a dataset of unknown origin, one naming <paramref name="fallbackPath"/>.</summary>
    public static DataConfig For(HydroDataset dataset, string fallbackPath) =>
        origins.TryGetValue(dataset, out var data)
            ? data with { Basins = dataset.Basins }
            : new DataConfig { Path = fallbackPath, Basins = dataset.Basins, Target = dataset.TargetName };
}
