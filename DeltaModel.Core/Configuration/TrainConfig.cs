namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>train</c>.</summary>
public sealed record TrainConfig : IConfigSection
{
    /// <summary>Scored training days.</summary>
    public PeriodConfig? Period { get; init; }

    /// <summary>Passes over the training data. Range: ≥ 1.</summary>
    public int Epochs { get; init; } = 50;

    /// <summary>Basins per minibatch. Range: ≥ 1.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Minibatches per epoch; null = δMG's formula (each basin-day drawn with ≈99 % probability per epoch).</summary>
    public int? IterationsPerEpoch { get; init; }

    /// <summary>
    /// Draw a minibatch's basins with replacement, as δMG does. Default false: without replacement while the batch
    /// is no larger than the basin count (deviation, spec §10.18).
    /// </summary>
    public bool SampleWithReplacement { get; init; }

    public OptimizerConfig Optimizer { get; init; } = new();
    public LossConfig Loss { get; init; } = new();

    /// <summary>
    /// The observed variables trained against, each with its output, loss and weight (docs/coupling.md); the first is
    /// the primary target and must be <c>data.target</c>. null = <c>data.target</c> against the output
    /// <c>streamflow</c> with <see cref="Loss"/> (the hydrology default).
    /// </summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<TargetConfig>? Targets { get; init; }

    /// <summary>Clip the gradient's global L2 norm to this value; null = no clipping.</summary>
    public double? GradClip { get; init; }

    /// <summary>How the learning rate changes per epoch; null = constant.</summary>
    [ConfigKey("lr_scheduler")]
    [ConfigOmitWhenNull]
    public LearningRateSchedulerConfig? LearningRateScheduler { get; init; }

    /// <summary>Stop on a plateau of the validation metric (needs section <c>validation</c>); null = train every epoch.</summary>
    [ConfigOmitWhenNull]
    public EarlyStoppingConfig? EarlyStopping { get; init; }

    /// <summary>Checkpoint every N epochs (the last epoch is always saved). Range: ≥ 1.</summary>
    public int SaveEvery { get; init; } = 5;

    /// <summary>
    /// Float type of the network's matrix products during training: <c>float32</c> (default) or <c>bfloat16</c> (mixed
    /// precision: the network runs on a bfloat16 copy of the weights, its gradients are cast back onto the float32
    /// weights the optimizer keeps, and the physics and the loss stay float32). bfloat16 is used only where the
    /// hardware has native bfloat16 arithmetic (AVX512-BF16 or AMX CPUs, GPUs); elsewhere the run warns and trains in
    /// float32. Accepted values: <see cref="EvaluationConfig.NetworkPrecisions"/>.
    /// </summary>
    public string NetworkPrecision { get; init; } = "float32";

    public void Validate(ConfigErrors errors, string path)
    {
        Period?.Validate(errors, $"{path}.period");
        if (Epochs < 1) errors.Expected($"{path}.epochs", "an integer ≥ 1", Epochs);
        if (BatchSize < 1) errors.Expected($"{path}.batch_size", "an integer ≥ 1", BatchSize);
        if (IterationsPerEpoch is < 1) errors.Expected($"{path}.iterations_per_epoch", "an integer ≥ 1", IterationsPerEpoch);
        if (GradClip is <= 0) errors.Expected($"{path}.grad_clip", "a number > 0", GradClip);
        if (SaveEvery < 1) errors.Expected($"{path}.save_every", "an integer ≥ 1", SaveEvery);
        EvaluationConfig.ValidatePrecision(errors, $"{path}.network_precision", NetworkPrecision);
        Optimizer.Validate(errors, $"{path}.optimizer");
        if (Targets is { Count: 0 }) errors.Add($"{path}.targets", $"'{path}.targets': name at least one target, or leave the key out.");
        for (int i = 0; i < (Targets?.Count ?? 0); i++) Targets![i].Validate(errors, $"{path}.targets[{i}]");
        foreach (var twice in (Targets ?? []).GroupBy(t => t.Variable).Where(g => g.Count() > 1))
            errors.Add($"{path}.targets", $"'{path}.targets' names the variable '{twice.Key}' {twice.Count()} times; give each target once.");
        Loss.Validate(errors, $"{path}.loss");
        LearningRateScheduler?.Validate(errors, $"{path}.lr_scheduler");
        EarlyStopping?.Validate(errors, $"{path}.early_stopping");
        if (LearningRateScheduler is { Kind: "cosine", EtaMin: var etaMin } && etaMin >= Optimizer.LearningRate)
            errors.Expected($"{path}.lr_scheduler.eta_min", $"a number below train.optimizer.lr ({Optimizer.LearningRate})", etaMin);
    }
}
