namespace DeltaModel.Core.Training;

/// <summary>
/// The member mean of an ensemble: every output series and scalar averaged over the members, element by element
/// (streamflow, evapotranspiration, stores, fluxes, parameters — whatever the members put out). Members are added one
/// at a time, so only one member's outputs and the running float32 sums are in memory (481 basins × 19 years × 30
/// outputs is 0.4 GB per copy). Members of different physics models
/// are averaged on the outputs they share (<see cref="Dropped"/> names the others). A value missing (NaN) in one
/// member makes the mean NaN there, so a broken member shows instead of being averaged away.
/// </summary>
public sealed class EnsembleMean
{
    SimulationOutput? first;
    Dictionary<string, float[]> series = [];
    Dictionary<string, float[]> scalars = [];
    readonly SortedSet<string> dropped = new(StringComparer.Ordinal);

    /// <summary>Members added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Outputs some members have and others lack, left out of the mean.</summary>
    public IReadOnlyCollection<string> Dropped => dropped;

    /// <summary>The mean of <paramref name="members"/>.</summary>
    public static SimulationOutput Of(IEnumerable<SimulationOutput> members)
    {
        var mean = new EnsembleMean();
        foreach (var m in members) mean.Add(m);
        return mean.Mean();
    }

    /// <exception cref="ArgumentException">The member covers other basins or days than the first.</exception>
    public void Add(SimulationOutput member)
    {
        if (first is null) first = member;
        else if (!member.Basins.SequenceEqual(first.Basins) || member.Start != first.Start || member.Days != first.Days)
            throw new ArgumentException($"ensemble members differ in basins or days ({member.Basins.Count} basins from {member.Start:yyyy-MM-dd} × {member.Days} " +
                                        $"against {first.Basins.Count} from {first.Start:yyyy-MM-dd} × {first.Days}).", nameof(member));
        series = Accumulate(series, member.Series);
        scalars = Accumulate(scalars, member.Scalars);
        Count++;
    }

    /// <summary>The mean of the members added so far.</summary>
    /// <exception cref="InvalidOperationException">No member was added.</exception>
    public SimulationOutput Mean() => (first ?? throw new InvalidOperationException("an ensemble mean needs at least one member.")) with
    {
        Series = series.ToDictionary(kv => kv.Key, kv => Divide(kv.Value)),
        Scalars = scalars.ToDictionary(kv => kv.Key, kv => Divide(kv.Value)),
    };

    /// <summary>Adds the member's outputs to the sums; an output missing on either side leaves the mean.</summary>
    Dictionary<string, float[]> Accumulate(Dictionary<string, float[]> sums, IReadOnlyDictionary<string, float[]> outputs)
    {
        var kept = Count == 0 ? outputs.ToDictionary(kv => kv.Key, kv => new float[kv.Value.Length]) : sums;
        foreach (var name in kept.Keys.Where(n => !outputs.ContainsKey(n)).ToList()) { kept.Remove(name); dropped.Add(name); }
        foreach (var name in outputs.Keys.Where(n => !kept.ContainsKey(n))) dropped.Add(name);
        foreach (var (name, sum) in kept)
        {
            var v = outputs[name];
            for (long i = 0; i < sum.Length; i++) sum[i] += v[i];
        }
        return kept;
    }

    float[] Divide(float[] sum)
    {
        var mean = new float[sum.Length];
        for (long i = 0; i < sum.Length; i++) mean[i] = sum[i] / Count;
        return mean;
    }
}
