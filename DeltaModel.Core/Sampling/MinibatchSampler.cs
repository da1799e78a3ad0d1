namespace DeltaModel.Core.Sampling;

/// <summary>
/// Random training minibatches: basins × windows of <c>warm-up + ρ</c> days, deterministic for a seed.
/// Spec §6.4, with two deliberate fixes (spec §10.18): every scored day, the last one included, can be drawn; and
/// basins are drawn without replacement while the batch fits (δMG draws with replacement; opt back in via config).
/// </summary>
public sealed class MinibatchSampler
{
    readonly Random random;
    readonly int basins, days, warmUp, rho, batchSize;
    readonly bool withReplacement;

    /// <param name="basins">Basins in the prepared training data.</param>
    /// <param name="days">Days in the prepared training data (warm-up input included).</param>
    /// <param name="warmUp">Warm-up days before each scored window.</param>
    /// <param name="rho">Scored days per window.</param>
    /// <param name="seed">Seed of this sampler's stream (derive one per epoch for resumable runs).</param>
    public MinibatchSampler(int basins, int days, int warmUp, int rho, int batchSize, bool withReplacement, int seed)
    {
        if (days < warmUp + rho)
            throw new ArgumentException($"training data has {days} days, fewer than warm-up {warmUp} + rho {rho}.");
        this.basins = basins;
        this.days = days;
        this.warmUp = warmUp;
        this.rho = rho;
        this.batchSize = batchSize;
        this.withReplacement = withReplacement || batchSize > basins;
        random = new Random(seed);
    }

    public int WindowLength => warmUp + rho;

    /// <summary>Draws the next minibatch: basin indices and the first day (warm-up included) of each window.</summary>
    public (int[] Basins, int[] Starts) Next()
    {
        var chosen = new int[batchSize];
        if (withReplacement)
        {
            for (int k = 0; k < batchSize; k++) chosen[k] = random.Next(basins);
        }
        else
        {
            var all = Enumerable.Range(0, basins).ToArray();
            random.Shuffle(all);
            Array.Copy(all, chosen, batchSize);
        }
        // Scored window [s, s + rho) with s ∈ [warmUp, days − rho] inclusive; the window read starts at s − warmUp.
        var starts = new int[batchSize];
        for (int k = 0; k < batchSize; k++) starts[k] = random.Next(warmUp, days - rho + 1) - warmUp;
        return (chosen, starts);
    }

    /// <summary>
    /// δMG's minibatches per epoch: enough that any basin-day is drawn with ≈ 99 % probability,
    /// <c>⌈ln 0.01 / ln(1 − bs·ρ / (N_b·(N_t − W)))⌉</c>, with ρ capped at the scored length.
    /// </summary>
    public static int IterationsPerEpoch(int batchSize, int rho, int basins, int days, int warmUp)
    {
        int scored = days - warmUp;
        double fraction = (double)batchSize * Math.Min(rho, scored) / ((double)basins * scored);
        if (fraction >= 1) return 1;
        return (int)Math.Ceiling(Math.Log(0.01) / Math.Log(1 - fraction));
    }
}
