using System.Collections;
using DeltaModel.Core.Data;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Completers;

/// <summary>
/// Basin ids (<c>-Basin</c>): those of the dataset bound to <c>-Dataset</c>, of the model bound to <c>-Model</c>, or,
/// for a CAMELS folder bound to <c>-Path</c>, the gauges that have a streamflow file.
/// </summary>
public sealed class BasinIdCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters)
    {
        if (Bound(fakeBoundParameters, "Dataset") is HydroDataset dataset) return dataset.Basins;
        if (Bound(fakeBoundParameters, "Model") is TrainedDeltaModel trained) return trained.Config.Data.Basins;
        if (Bound(fakeBoundParameters, "Model") is DeltaModelDefinition { Dataset: { } d }) return d.Basins;
        if (Bound(fakeBoundParameters, "Path") is string path && Directory.Exists(Path.Combine(path, "usgs_streamflow")))
            return Directory.EnumerateFiles(Path.Combine(path, "usgs_streamflow"), "*_streamflow_qc.txt", SearchOption.AllDirectories)
                .Select(f => Path.GetFileName(f)[..8]);
        return [];
    }
}
