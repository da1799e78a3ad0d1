using DeltaModel.Core.Data;
using DeltaModel.Core.Normalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Sampling;

/// <summary>
/// A period of a dataset turned into the flat arrays a model reads (normalized network inputs, raw physics forcings,
/// target), once, so that minibatches are plain memory copies. Layout time-major <c>[T, B, F]</c>.
/// </summary>
public sealed class PreparedData
{
    readonly float[] networkForcings;   // [T, B, nf]
    readonly float[] networkAttributes; // [B, na]
    readonly float[] physicsForcings;   // [T, B, fp]
    readonly float[] physicsAttributes; // [B, pa]
    readonly float[] target;            // [T, B]
    readonly float[][] otherTargets;    // each [T, B]

    PreparedData(HydroDataset data, InputSpec spec, float[] nf, float[] na, float[] pf, float[] pa, float[] y, float[][] others)
    {
        otherTargets = others;
        Dataset = data;
        Spec = spec;
        networkForcings = nf;
        networkAttributes = na;
        physicsForcings = pf;
        physicsAttributes = pa;
        target = y;
    }

    /// <summary>The dataset period these arrays were made from.</summary>
    public HydroDataset Dataset { get; }

    public InputSpec Spec { get; }

    /// <summary>Days training windows may score, time-major <c>[T, B]</c> (a <c>split</c>'s training years); null = every day.</summary>
    public bool[]? ScoredDays { get; private set; }

    /// <summary>The same arrays, training windows restricted to <paramref name="scoredDays"/> (see <see cref="MinibatchSampler"/>).</summary>
    public PreparedData WithScoredDays(bool[] scoredDays)
    {
        if (scoredDays.Length != (long)Days * Basins)
            throw new ArgumentException($"the day mask has {scoredDays.Length} entries for {Days} days × {Basins} basins.", nameof(scoredDays));
        var copy = (PreparedData)MemberwiseClone();
        copy.ScoredDays = scoredDays;
        return copy;
    }
    public int Days => Dataset.DayCount;
    public int Basins => Dataset.Basins.Count;

    /// <summary>Observed target of one basin over the whole period (NaN where missing).</summary>
    public float[] TargetSeries(int basin) => Dataset.Variable(Spec.Target).Series(basin);

    /// <summary>The observed target after the first <paramref name="warmUp"/> days, <c>[T − warm-up, B]</c> time-major (what a simulation is scored against).</summary>
    /// <param name="variable">Another observed target (<see cref="InputSpec.OtherTargets"/>); null = the primary one.</param>
    public float[] ObservedAfter(int warmUp, string? variable = null)
    {
        var observed = new float[(long)(Days - warmUp) * Basins];
        Array.Copy(Dataset.Variable(variable ?? Spec.Target).Values, (long)warmUp * Basins, observed, 0, observed.Length);
        return observed;
    }

    /// <summary>Builds the arrays. Physics forcings must be complete: a missing value there is an error, not a silent 0.</summary>
    public static PreparedData Prepare(HydroDataset data, InputSpec spec, NormalizationStatistics stats)
    {
        int T = data.DayCount, B = data.Basins.Count;
        var nf = new float[(long)T * B * spec.NetworkForcings.Count];
        for (int f = 0; f < spec.NetworkForcings.Count; f++)
        {
            var s = stats.Forcings[f];
            var v = data.Variable(spec.NetworkForcings[f]).Values;
            int nF = spec.NetworkForcings.Count;
            for (long i = 0; i < v.Length; i++)
            {
                double z = s.Normalize(v[i]);
                nf[i * nF + f] = double.IsNaN(z) ? 0f : (float)z;     // missing → the mean (δMG)
            }
        }

        var na = new float[(long)B * spec.NetworkAttributes.Count];
        for (int a = 0; a < spec.NetworkAttributes.Count; a++)
        {
            var s = stats.Attributes[a];
            var v = data.Attribute(spec.NetworkAttributes[a]).Values;
            for (int b = 0; b < B; b++)
            {
                double z = s.Normalize(v[b]);
                na[b * spec.NetworkAttributes.Count + a] = double.IsNaN(z) ? 0f : (float)z;
            }
        }

        int nP = spec.PhysicsForcings.Count;
        var pf = new float[(long)T * B * nP];
        for (int f = 0; f < nP; f++)
        {
            var variable = data.Variable(spec.PhysicsForcings[f]);
            if (variable.MissingCount() is var missing and > 0)
            {
                int worst = Enumerable.Range(0, B).MaxBy(variable.MissingCount);
                throw new DataException($"physics forcing '{variable.Name}' has {missing} missing value(s) in " +
                                        $"{data.Start:yyyy-MM-dd}..{data.End:yyyy-MM-dd} (e.g. basin {data.Basins[worst]}); " +
                                        "physics cannot run on missing forcing. Choose a period or basins with complete forcing.");
            }
            var v = variable.Values;
            for (long i = 0; i < v.Length; i++) pf[i * nP + f] = v[i];
        }

        int nA = spec.PhysicsAttributes.Count;
        var pa = new float[(long)B * nA];
        for (int a = 0; a < nA; a++)
        {
            var name = spec.PhysicsAttributes[a];
            if (!data.Attributes.ContainsKey(name))
                throw new DataException($"the physics model reads the basin attribute '{name}', which the dataset lacks; load it (e.g. " +
                                        $"Import-HydroDataset -Attribute ...,{name}) or name the dataset's attribute in 'model.physics.options' " +
                                        "(docs/physics-models.md lists each model's attribute options).");
            var v = data.Attribute(name).Values;
            for (int b = 0; b < B; b++) pa[b * nA + a] = (float)v[b];
        }

        var y = (float[])data.Variable(spec.Target).Values.Clone();
        var others = (spec.OtherTargets ?? []).Select(v => data.Dynamic.ContainsKey(v) ? (float[])data.Variable(v).Values.Clone()
            : throw new DataException($"the dataset has no variable '{v}', which 'train.targets' trains against{Configuration.Names.DidYouMean(v, data.Dynamic.Keys)}.")).ToArray();
        return new PreparedData(data, spec, nf, na, pf, pa, y, others);
    }

    /// <summary>Windows of <paramref name="length"/> days starting at <paramref name="starts"/>[k] for basins <paramref name="basins"/>[k].</summary>
    public ModelBatch Window(int[] basins, int[] starts, int length, Device device)
    {
        if (basins.Length != starts.Length) throw new ArgumentException("one start per basin expected.");
        foreach (var s in starts)
            if (s < 0 || s + length > Days) throw new ArgumentOutOfRangeException(nameof(starts), $"window [{s}, {s + length}) outside [0, {Days}).");
        return Gather(basins, starts, length, device);
    }

    /// <summary>The whole period for basins <c>[first, first + count)</c> (evaluation chunks).</summary>
    public ModelBatch Chunk(int first, int count, Device device)
    {
        var basins = Enumerable.Range(first, count).ToArray();
        return Gather(basins, new int[count], Days, device);
    }

    ModelBatch Gather(int[] basins, int[] starts, int length, Device device)
    {
        int b = basins.Length, B = Basins;
        int nf = Spec.NetworkForcings.Count, na = Spec.NetworkAttributes.Count, np = Spec.PhysicsForcings.Count, pa = Spec.PhysicsAttributes.Count;
        var xNf = new float[(long)length * b * nf];
        var xNa = new float[(long)b * na];
        var xPf = new float[(long)length * b * np];
        var xPa = new float[(long)b * pa];
        var xY = new float[(long)length * b];
        var xO = otherTargets.Select(_ => new float[(long)length * b]).ToArray();

        for (int k = 0; k < b; k++)
        {
            int basin = basins[k];
            Array.Copy(networkAttributes, (long)basin * na, xNa, (long)k * na, na);
            Array.Copy(physicsAttributes, (long)basin * pa, xPa, (long)k * pa, pa);
            for (int t = 0; t < length; t++)
            {
                long src = (long)(starts[k] + t) * B + basin, dst = (long)t * b + k;
                Array.Copy(networkForcings, src * nf, xNf, dst * nf, nf);
                Array.Copy(physicsForcings, src * np, xPf, dst * np, np);
                xY[dst] = target[src];
                for (int o = 0; o < xO.Length; o++) xO[o][dst] = otherTargets[o][src];
            }
        }

        return new ModelBatch
        {
            NetworkForcings = tensor(xNf, [length, b, nf]).to(device),
            NetworkAttributes = tensor(xNa, [b, na]).to(device),
            PhysicsForcings = tensor(xPf, [length, b, np]).to(device),
            PhysicsAttributes = tensor(xPa, [b, pa]).to(device),
            Target = tensor(xY, [length, b]).to(device),
            OtherTargets = [.. xO.Select(o => tensor(o, [length, b]).to(device))],
            Basins = basins,
            Starts = starts,
        };
    }
}
