using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Caravan;

namespace DeltaModel.Core.Data;

/// <summary>
/// Loads the dataset a config's <c>data</c> section describes, by format name. A new dataset format is one loader
/// class plus one line in <see cref="Formats"/>.
/// </summary>
public static class DatasetLoader
{
    /// <summary>What a model needs from the data: dynamic variables and static attributes by name, over a period.</summary>
    public sealed record Request(IReadOnlyList<string> Variables, IReadOnlyList<string> Attributes, DatePeriod Period);

    delegate HydroDataset Loader(DataConfig data, BasinSelection? basins, Request request);

    static readonly Dictionary<string, Loader> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["camels"] = (d, basins, r) => CamelsUsLoader.Load(d.Path, new CamelsUsOptions
        {
            ForcingSource = d.ForcingSource, Basins = basins, Period = r.Period, Attributes = r.Attributes,
            AttributesPath = d.AttributesPath, Pet = d.Pet, Variables = r.Variables, AttributeFill = Fill(d),
        }),
        ["caravan"] = (d, basins, r) => CaravanLoader.Load(d.Path, new CaravanOptions
        {
            Basins = basins, Period = r.Period, Attributes = r.Attributes, AttributesPath = d.AttributesPath,
            Pet = d.Pet, Variables = r.Variables, AttributeFill = Fill(d),
        }),
    };

    /// <summary>The config's <c>attribute_fill</c> (validated to mean or median when set); unset = no fill.</summary>
    static AttributeFill Fill(DataConfig data) =>
        data.AttributeFill is { } fill ? Enum.Parse<AttributeFill>(fill, ignoreCase: true) : AttributeFill.None;

    public static IReadOnlyCollection<string> FormatNames => Formats.Keys;

    /// <exception cref="DataException">Missing files, basins, variables or attributes (named in the message).</exception>
    public static HydroDataset Load(DataConfig data, Request request)
    {
        if (!Formats.TryGetValue(data.Format, out var load))
            throw new DataException($"data.format '{data.Format}' is not a known dataset format{Names.DidYouMean(data.Format, Formats.Keys)}; " +
                                    $"known: {string.Join(", ", Formats.Keys)}.");
        var basins = data.BasinFile is { } file ? BasinSelection.FromFile(file)
            : data.Basins.Count > 0 ? BasinSelection.FromIds(data.Basins)
            : null;
        var variables = request.Variables.Where(v => v != data.Target).Distinct().ToList();
        var dataset = load(data, basins, request with { Variables = variables, Attributes = request.Attributes.Distinct().ToList() });
        if (!dataset.Dynamic.ContainsKey(data.Target))
            throw new DataException($"the {data.Format} dataset at {data.Path} has no target variable '{data.Target}'" +
                                    $"{Names.DidYouMean(data.Target, dataset.Dynamic.Keys)}.");
        return dataset;
    }
}
