using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Training;

/// <summary>
/// The learning rate of each epoch (<c>train.lr_scheduler</c>), in closed form: torch's StepLR, ExponentialLR and
/// CosineAnnealingLR stepped once per epoch, as δMG steps them. A function of the epoch alone, so the epoch in a
/// checkpoint is the schedule's whole state and a resumed run continues it exactly.
/// </summary>
public sealed class LearningRateSchedule
{
    readonly LearningRateSchedulerConfig config;
    readonly double initial;

    public LearningRateSchedule(LearningRateSchedulerConfig config, double initialLearningRate)
    {
        this.config = config;
        initial = initialLearningRate;
    }

    /// <summary>The schedule of <paramref name="train"/>, or null when the learning rate is constant.</summary>
    public static LearningRateSchedule? For(TrainConfig train) =>
        train.LearningRateScheduler is { } s ? new LearningRateSchedule(s, train.Optimizer.LearningRate) : null;

    /// <summary>Learning rate during <paramref name="epoch"/> (1-based; epoch 1 trains with the optimizer's lr).</summary>
    public double At(int epoch)
    {
        int steps = epoch - 1;   // scheduler steps taken before this epoch
        return config.Kind switch
        {
            "step" => initial * Math.Pow(config.Gamma, steps / config.StepSize),
            "exponential" => initial * Math.Pow(config.Gamma, steps),
            // torch's closed form (SGDR without restarts); past t_max the cosine rises again, as torch's does.
            "cosine" => config.EtaMin + (initial - config.EtaMin) * (1 + Math.Cos(Math.PI * steps / config.TMax!.Value)) / 2,
            _ => throw new InvalidOperationException($"unknown learning-rate schedule '{config.Name}'."),
        };
    }
}
