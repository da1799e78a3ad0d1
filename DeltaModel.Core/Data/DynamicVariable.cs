namespace DeltaModel.Core.Data;

/// <summary>
/// A daily series for every basin of a dataset, stored time-major: <c>Values[t * BasinCount + b]</c>.
/// Missing values are <see cref="float.NaN"/>, never zero.
/// </summary>
public sealed class DynamicVariable
{
    /// <param name="name">Variable name as used in configs, e.g. <c>prcp</c>, <c>tmean</c>, <c>streamflow</c>.</param>
    /// <param name="unit">Unit text, e.g. <c>mm/d</c>, <c>°C</c>.</param>
    /// <param name="values">Time-major values <c>[days, basins]</c>; the array is owned by this object.</param>
    public DynamicVariable(string name, string unit, int days, int basins, float[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (days < 0 || basins < 0 || values.Length != (long)days * basins)
            throw new ArgumentException($"variable '{name}': {values.Length} values do not fill [{days} days, {basins} basins].");
        Name = name;
        Unit = unit;
        Days = days;
        Basins = basins;
        Values = values;
    }

    public string Name { get; }
    public string Unit { get; }
    public int Days { get; }
    public int Basins { get; }

    /// <summary>Time-major storage <c>[days, basins]</c>.</summary>
    public float[] Values { get; }

    public float this[int day, int basin] => Values[(long)day * Basins + basin];

    /// <summary>Number of missing (NaN) values of one basin.</summary>
    public int MissingCount(int basin)
    {
        int n = 0;
        for (int t = 0; t < Days; t++) if (float.IsNaN(this[t, basin])) n++;
        return n;
    }

    /// <summary>Number of missing (NaN) values over all basins.</summary>
    public int MissingCount()
    {
        int n = 0;
        foreach (var v in Values) if (float.IsNaN(v)) n++;
        return n;
    }

    /// <summary>The series of one basin, copied.</summary>
    public float[] Series(int basin)
    {
        var s = new float[Days];
        for (int t = 0; t < Days; t++) s[t] = this[t, basin];
        return s;
    }

    /// <summary>A new variable with the same name/unit over days <c>[start, start + days)</c> and the given basin indices.</summary>
    public DynamicVariable Slice(int start, int days, IReadOnlyList<int> basinIndices)
    {
        if (start < 0 || days < 0 || start + days > Days)
            throw new ArgumentOutOfRangeException(nameof(start), $"variable '{Name}': days [{start}, {start + days}) outside [0, {Days}).");
        var v = new float[(long)days * basinIndices.Count];
        for (int t = 0; t < days; t++)
        {
            long src = (long)(start + t) * Basins, dst = (long)t * basinIndices.Count;
            for (int j = 0; j < basinIndices.Count; j++) v[dst + j] = Values[src + basinIndices[j]];
        }
        return new DynamicVariable(Name, Unit, days, basinIndices.Count, v);
    }

    /// <summary>Same values under another name/unit (no copy).</summary>
    public DynamicVariable Rename(string name, string? unit = null) => new(name, unit ?? Unit, Days, Basins, Values);
}
