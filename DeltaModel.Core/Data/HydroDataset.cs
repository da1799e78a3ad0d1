using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Data;

/// <summary>
/// Daily data of a set of basins on one date axis: dynamic variables <c>[time, basin]</c> with units, static
/// attributes <c>[basin]</c>, basin locations, and the name of the target variable (streamflow in mm/d).
/// Immutable: selections return new datasets. Everything is addressed by name, never by position.
/// </summary>
public sealed class HydroDataset
{
    readonly Dictionary<string, int> basinIndex;

    public HydroDataset(
        IReadOnlyList<string> basins,
        DateOnly start,
        int days,
        IEnumerable<DynamicVariable> dynamic,
        IEnumerable<StaticAttribute> attributes,
        IReadOnlyList<BasinLocation> locations,
        string targetName = "streamflow",
        string source = "")
    {
        if (locations.Count != basins.Count)
            throw new ArgumentException($"{locations.Count} basin locations for {basins.Count} basins.");
        Basins = basins;
        Start = start;
        DayCount = days;
        Locations = locations;
        TargetName = targetName;
        Source = source;
        basinIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < basins.Count; i++)
            if (!basinIndex.TryAdd(basins[i], i)) throw new ArgumentException($"basin '{basins[i]}' appears twice.");

        var dyn = new Dictionary<string, DynamicVariable>(StringComparer.Ordinal);
        foreach (var v in dynamic)
        {
            if (v.Days != days || v.Basins != basins.Count)
                throw new ArgumentException($"variable '{v.Name}' is [{v.Days}, {v.Basins}], dataset is [{days}, {basins.Count}].");
            if (!dyn.TryAdd(v.Name, v)) throw new ArgumentException($"variable '{v.Name}' appears twice.");
        }
        Dynamic = dyn;

        var stat = new Dictionary<string, StaticAttribute>(StringComparer.Ordinal);
        foreach (var a in attributes)
        {
            if (a.Values.Length != basins.Count)
                throw new ArgumentException($"attribute '{a.Name}' has {a.Values.Length} values for {basins.Count} basins.");
            if (!stat.TryAdd(a.Name, a)) throw new ArgumentException($"attribute '{a.Name}' appears twice.");
        }
        Attributes = stat;
    }

    /// <summary>Basin ids (CAMELS: 8-character USGS gauge ids, kept as strings with leading zeros).</summary>
    public IReadOnlyList<string> Basins { get; }

    /// <summary>First day of the date axis.</summary>
    public DateOnly Start { get; }

    /// <summary>Number of days on the date axis.</summary>
    public int DayCount { get; }

    /// <summary>Last day of the date axis (inclusive).</summary>
    public DateOnly End => Start.AddDays(DayCount - 1);

    public IReadOnlyDictionary<string, DynamicVariable> Dynamic { get; }
    public IReadOnlyDictionary<string, StaticAttribute> Attributes { get; }
    public IReadOnlyList<BasinLocation> Locations { get; }

    /// <summary>Name of the target variable in <see cref="Dynamic"/> (default <c>streamflow</c>, mm/d).</summary>
    public string TargetName { get; }

    /// <summary>Where the data came from (folder, format, forcing source), for summaries and provenance.</summary>
    public string Source { get; }

    public DynamicVariable Target => Variable(TargetName);

    /// <summary>
    /// The data section this dataset was read from (folder, format, forcing source, PET method); null for a dataset
    /// built in code. Selections keep it, so a model trained on a dataset passed in memory can still name its data.
    /// </summary>
    public DataConfig? Origin { get; private init; }

    /// <summary>This dataset, remembering that it was read as <paramref name="origin"/> describes.</summary>
    public HydroDataset WithOrigin(DataConfig origin) =>
        new(Basins, Start, DayCount, Dynamic.Values, Attributes.Values, Locations, TargetName, Source) { Origin = origin };

    /// <summary>The day index of <paramref name="date"/>; throws naming the dataset's range when outside it.</summary>
    public int DayIndex(DateOnly date)
    {
        int i = date.DayNumber - Start.DayNumber;
        if (i < 0 || i >= DayCount)
            throw new DataException($"date {date:yyyy-MM-dd} is outside the dataset's period {Start:yyyy-MM-dd}..{End:yyyy-MM-dd}.");
        return i;
    }

    public DateOnly DateAt(int dayIndex) => Start.AddDays(dayIndex);

    /// <summary>Index of a basin id; throws listing what is available when unknown.</summary>
    public int BasinIndex(string basin) =>
        basinIndex.TryGetValue(basin, out int i)
            ? i
            : throw new DataException($"unknown basin '{basin}'; this dataset has {Basins.Count} basins ({Preview(Basins)}).");

    public bool HasBasin(string basin) => basinIndex.ContainsKey(basin);

    /// <summary>A dynamic variable by name; throws listing the available names when unknown.</summary>
    public DynamicVariable Variable(string name) =>
        Dynamic.TryGetValue(name, out var v)
            ? v
            : throw new DataException($"unknown variable '{name}'; available: {string.Join(", ", Dynamic.Keys)}.");

    /// <summary>A static attribute by name; throws listing the available names when unknown.</summary>
    public StaticAttribute Attribute(string name) =>
        Attributes.TryGetValue(name, out var a)
            ? a
            : throw new DataException($"unknown attribute '{name}'; available: {Preview(Attributes.Keys.ToList(), 40)}.");

    /// <summary>The dataset restricted to <paramref name="basins"/> (in that order).</summary>
    public HydroDataset SelectBasins(IEnumerable<string> basins)
    {
        var ids = basins.ToList();
        var idx = ids.Select(BasinIndex).ToList();
        return new HydroDataset(ids, Start, DayCount,
            Dynamic.Values.Select(v => v.Slice(0, DayCount, idx)),
            Attributes.Values.Select(a => a.Select(idx)),
            idx.Select(i => Locations[i]).ToList(), TargetName, Source) { Origin = Origin };
    }

    /// <summary>The dataset restricted to days <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public HydroDataset SelectPeriod(DateOnly from, DateOnly to)
    {
        if (to < from) throw new DataException($"period {from:yyyy-MM-dd}..{to:yyyy-MM-dd} ends before it starts.");
        int a = DayIndex(from), b = DayIndex(to);
        var all = Enumerable.Range(0, Basins.Count).ToList();
        return new HydroDataset(Basins, from, b - a + 1,
            Dynamic.Values.Select(v => v.Slice(a, b - a + 1, all)),
            Attributes.Values, Locations, TargetName, Source) { Origin = Origin };
    }

    /// <summary>A dataset with <paramref name="variable"/> added (or replacing one of the same name).</summary>
    public HydroDataset WithVariable(DynamicVariable variable) =>
        new(Basins, Start, DayCount,
            Dynamic.Values.Where(v => v.Name != variable.Name).Append(variable),
            Attributes.Values, Locations, TargetName, Source) { Origin = Origin };

    /// <summary>A dataset with <paramref name="attribute"/> added (or replacing one of the same name).</summary>
    public HydroDataset WithAttribute(StaticAttribute attribute) =>
        new(Basins, Start, DayCount, Dynamic.Values,
            Attributes.Values.Where(a => a.Name != attribute.Name).Append(attribute),
            Locations, TargetName, Source) { Origin = Origin };

    static string Preview(IReadOnlyList<string> items, int max = 10) =>
        items.Count <= max ? string.Join(", ", items) : string.Join(", ", items.Take(max)) + ", …";
}
