using DeltaModel.Core.Configuration;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Sampling;

namespace DeltaModel.Core.Training;

/// <summary>
/// Scores the model on the held-out validation data (section <c>validation</c>): the metric's statistic over the
/// validation basins, every <see cref="ValidationConfig.Every"/> epochs.
/// </summary>
public sealed class ValidationScorer(PreparedData data, ValidationConfig config)
{
    public ValidationConfig Config => config;

    /// <summary>
    /// Whether <paramref name="epoch"/> is scored: every N-th epoch only (not also the last), so that a run resumed with
    /// more epochs scores exactly the epochs an uninterrupted run would have.
    /// </summary>
    public bool IsDue(int epoch) => epoch % config.Every == 0;

    /// <summary>The validation score of the model's current weights.</summary>
    /// <remarks>Not cancellable: the epoch it scores is complete, and a stop request takes effect at the next
    /// minibatch, after this epoch's checkpoint (with its score) is saved.</remarks>
    public double Score(Trainer trainer, int warmUp, string targetOutput)
    {
        var output = trainer.Simulate(data, "validate");
        var metrics = MetricsTable.Compute(output.Basins, output.Series[targetOutput], data.ObservedAfter(warmUp), output.Days);
        return metrics.Aggregate(config.Metric, config.Statistic);
    }
}
