namespace DeltaModel.Core.Training;

/// <summary>
/// Model outputs for every basin over a scored period, in plain arrays: each series <c>float[T, B]</c> time-major
/// (<c>values[t * B + b]</c>), each scalar <c>float[B]</c>.
/// </summary>
public sealed record SimulationOutput(
    IReadOnlyList<string> Basins,
    DateOnly Start,
    int Days,
    IReadOnlyDictionary<string, float[]> Series,
    IReadOnlyDictionary<string, float[]> Scalars)
{
    /// <summary>One basin's series of output <paramref name="name"/>.</summary>
    public float[] BasinSeries(string name, int basin)
    {
        var all = Series[name];
        var s = new float[Days];
        for (int t = 0; t < Days; t++) s[t] = all[(long)t * Basins.Count + basin];
        return s;
    }
}
