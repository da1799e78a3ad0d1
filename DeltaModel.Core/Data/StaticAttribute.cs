namespace DeltaModel.Core.Data;

/// <summary>
/// One static catchment attribute, one value per basin (NaN where missing). Text-valued attributes
/// (e.g. <c>geol_1st_class</c>) are encoded as their index in <see cref="Categories"/>, the sorted list of all
/// values found in the source table.
/// </summary>
public sealed class StaticAttribute
{
    /// <param name="filled">Per basin, true where the value is a fill (<see cref="AttributeFill"/>) rather than data; null = none.</param>
    public StaticAttribute(string name, string unit, double[] values, IReadOnlyList<string>? categories = null,
        bool[]? filled = null, AttributeFill fill = AttributeFill.None)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (filled is not null && filled.Length != values.Length)
            throw new ArgumentException($"attribute '{name}': {filled.Length} fill marks for {values.Length} values.");
        Name = name;
        Unit = unit;
        Values = values;
        Categories = categories;
        Filled = filled;
        Fill = fill;
    }

    public string Name { get; }
    public string Unit { get; }

    /// <summary>Values per basin <c>[basins]</c>.</summary>
    public double[] Values { get; }

    /// <summary>For text-valued attributes: the sorted distinct texts; <see cref="Values"/> holds indices into it.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>Per basin, true where <see cref="Values"/> holds a fill by <see cref="Fill"/>; null when nothing was filled.</summary>
    public bool[]? Filled { get; }

    /// <summary>The fill policy that produced the <see cref="Filled"/> values.</summary>
    public AttributeFill Fill { get; }

    /// <summary>Number of basins whose value is a fill.</summary>
    public int FilledCount => Filled?.Count(f => f) ?? 0;

    /// <summary>
    /// The values that are data: <see cref="Values"/> with fills as NaN. Statistics (normalisation) are computed
    /// from these, so a fill never shifts the mean or shrinks the spread of the basins that have a value.
    /// </summary>
    public double[] ObservedValues() =>
        Filled is null ? Values : Values.Select((v, i) => Filled[i] ? double.NaN : v).ToArray();

    public StaticAttribute Select(IReadOnlyList<int> basinIndices) =>
        new(Name, Unit, basinIndices.Select(i => Values[i]).ToArray(), Categories,
            Filled is null ? null : basinIndices.Select(i => Filled[i]).ToArray(), Fill);
}
