using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Data;

/// <summary>
/// Loads the dataset a config's <c>data</c> section describes, through the format registry
/// (<see cref="DatasetFormats"/>), and checks that it holds the target.
/// </summary>
public static class DatasetLoader
{
    /// <summary>What a model needs from the data: dynamic variables and static attributes by name, over a period (null =
    /// the whole record, for a model applied to a dataset without a period: <c>deltamodel simulate</c>).</summary>
    public sealed record Request(IReadOnlyList<string> Variables, IReadOnlyList<string> Attributes, DatePeriod? Period);

    /// <exception cref="DataException">Missing files, basins, variables or attributes (named in the message).</exception>
    public static HydroDataset Load(DataConfig data, Request request)
    {
        var format = DatasetFormats.Get(data.Format);
        var dataset = format.Load(data.Path, RequestOf(data) with
        {
            Period = request.Period,
            Variables = request.Variables.Where(v => v != data.Target).Distinct().ToList(),
            Attributes = request.Attributes.Distinct().ToList(),
        });
        if (!dataset.Dynamic.ContainsKey(data.Target))
            throw new DataException($"the {format.Name} dataset at {data.Path} has no target variable '{data.Target}'" +
                                    $"{Names.DidYouMean(data.Target, dataset.Dynamic.Keys)}.");
        return dataset;
    }

    /// <summary>The selection a <c>data</c> section makes (basins, attribute tables, forcing product, PET), whatever the period and variables.</summary>
    public static DatasetRequest RequestOf(DataConfig data) => new()
    {
        Basins = data.BasinFile is { } file ? BasinSelection.FromFile(file)
            : data.Basins.Count > 0 ? BasinSelection.FromIds(data.Basins)
            : null,
        Target = data.Target, Columns = data.Variables, AttributesPath = data.AttributesPath, ForcingSource = data.ForcingSource, Pet = data.Pet, AttributeFill = DataConfig.FillNamed(data.AttributeFill),
    };
}
