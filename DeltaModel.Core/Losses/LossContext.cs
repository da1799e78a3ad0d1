namespace DeltaModel.Core.Losses;

/// <summary>
/// Constants a loss needs for the basins of one minibatch, in the order of the batch's columns. Kept as managed
/// numbers (not tensors) so a context can be built per minibatch without owning native memory.
/// </summary>
public sealed class LossContext
{
    LossContext(IReadOnlyList<double>? basinStd) => BasinStd = basinStd;

    /// <summary>A context without per-basin constants, for losses that need none.</summary>
    public static LossContext None { get; } = new(null);

    /// <summary>σ_b of each batch column (same unit as the target), or null when not supplied.</summary>
    public IReadOnlyList<double>? BasinStd { get; }

    /// <summary>
    /// Looks up σ_b of the sampled basins. Basins may repeat (sampling with replacement), as in δMG.
    /// </summary>
    /// <param name="basinStd">σ of every training basin, from <see cref="DeltaModel.Core.Losses.BasinStd.FromTrainingTarget"/>.</param>
    /// <param name="basins">Indices into the training basins, one per batch column.</param>
    public static LossContext ForSampledBasins(double[] basinStd, int[] basins)
    {
        ArgumentNullException.ThrowIfNull(basinStd);
        ArgumentNullException.ThrowIfNull(basins);
        var std = new double[basins.Length];
        for (int j = 0; j < basins.Length; j++)
        {
            int b = basins[j];
            if ((uint)b >= (uint)basinStd.Length)
                throw new ArgumentOutOfRangeException(nameof(basins),
                    $"batch column {j} refers to training basin {b}, but σ is known for {basinStd.Length} basins (0..{basinStd.Length - 1}). " +
                    "Compute BasinStd from the same training data the sampler draws from.");
            std[j] = basinStd[b];
        }
        return new LossContext(std);
    }

    /// <summary>A context with σ given directly per batch column.</summary>
    public static LossContext ForBatch(IReadOnlyList<double> basinStd) => new(basinStd.ToArray());
}
