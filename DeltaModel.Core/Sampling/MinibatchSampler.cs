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
    readonly int[]? eligible;        // basins with at least one admissible window (masked sampling only)
    readonly int[][]? windowStarts;  // per basin: first scored day of each admissible window (masked sampling only)

    /// <param name="basins">Basins in the prepared training data.</param>
    /// <param name="days">Days in the prepared training data (warm-up input included).</param>
    /// <param name="warmUp">Warm-up days before each scored window.</param>
    /// <param name="rho">Scored days per window.</param>
    /// <param name="seed">Seed of this sampler's stream (derive one per epoch for resumable runs).</param>
    /// <param name="scoredDays">Days that may be trained on, time-major <c>[days, basins]</c> (a <c>split</c>); null = all.
    /// A window is drawn only where its scored days include at least one of them; basins without such a window are never drawn.</param>
    /// <exception cref="ArgumentException">Too few days, or a mask that leaves no window at all.</exception>
    public MinibatchSampler(int basins, int days, int warmUp, int rho, int batchSize, bool withReplacement, int seed, bool[]? scoredDays = null)
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
        if (scoredDays is null) return;
        if (scoredDays.Length != (long)days * basins)
            throw new ArgumentException($"the day mask has {scoredDays.Length} entries for {days} days × {basins} basins.", nameof(scoredDays));
        windowStarts = Enumerable.Range(0, basins).Select(b => AdmissibleStarts(scoredDays, b)).ToArray();
        eligible = Enumerable.Range(0, basins).Where(b => windowStarts[b].Length > 0).ToArray();
        if (eligible.Length == 0)
            throw new ArgumentException($"no basin has a trainable day in any window of {rho} scored days after the {warmUp}-day warm-up: the split leaves nothing to train on.");
        this.withReplacement = withReplacement || batchSize > eligible.Length;
    }

    /// <summary>Scored-window starts s ∈ [warmUp, days − ρ] whose days [s, s + ρ) hold at least one trainable day of basin <paramref name="b"/>.</summary>
    int[] AdmissibleStarts(bool[] mask, int b)
    {
        var count = new int[days + 1];   // prefix sums of trainable days
        for (int t = 0; t < days; t++) count[t + 1] = count[t] + (mask[(long)t * basins + b] ? 1 : 0);
        var starts = new List<int>();
        for (int s = warmUp; s <= days - rho; s++)
            if (count[s + rho] - count[s] > 0) starts.Add(s);
        return starts.ToArray();
    }

    public int WindowLength => warmUp + rho;

    /// <summary>Draws the next minibatch: basin indices and the first day (warm-up included) of each window.</summary>
    public (int[] Basins, int[] Starts) Next()
    {
        if (eligible is not null) return NextMasked();
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

    /// <summary>As <see cref="Next"/>, drawing among eligible basins and each basin's admissible windows.</summary>
    (int[] Basins, int[] Starts) NextMasked()
    {
        var chosen = new int[batchSize];
        if (withReplacement)
            for (int k = 0; k < batchSize; k++) chosen[k] = eligible![random.Next(eligible.Length)];
        else
        {
            var all = (int[])eligible!.Clone();
            random.Shuffle(all);
            Array.Copy(all, chosen, batchSize);
        }
        var starts = new int[batchSize];
        for (int k = 0; k < batchSize; k++)
        {
            var admissible = windowStarts![chosen[k]];
            starts[k] = admissible[random.Next(admissible.Length)] - warmUp;
        }
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
