namespace DeltaModel.Core.Data;

/// <summary>
/// One static catchment attribute, one value per basin (NaN where missing). Text-valued attributes
/// (e.g. <c>geol_1st_class</c>) are encoded as their index in <see cref="Categories"/>, the sorted list of all
/// values found in the source table.
/// </summary>
public sealed class StaticAttribute
{
    public StaticAttribute(string name, string unit, double[] values, IReadOnlyList<string>? categories = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Unit = unit;
        Values = values;
        Categories = categories;
    }

    public string Name { get; }
    public string Unit { get; }

    /// <summary>Values per basin <c>[basins]</c>.</summary>
    public double[] Values { get; }

    /// <summary>For text-valued attributes: the sorted distinct texts; <see cref="Values"/> holds indices into it.</summary>
    public IReadOnlyList<string>? Categories { get; }

    public StaticAttribute Select(IReadOnlyList<int> basinIndices) =>
        new(Name, Unit, basinIndices.Select(i => Values[i]).ToArray(), Categories);
}
