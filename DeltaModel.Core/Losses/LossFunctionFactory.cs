using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Training;

namespace DeltaModel.Core.Losses;

/// <summary>Adapts an <see cref="ILoss"/> to the <see cref="Trainer.LossFunction"/> delegate the trainer calls per minibatch.</summary>
public static class LossFunctionFactory
{
    /// <summary>Wraps <paramref name="loss"/>, looking up σ_b of each minibatch's basins in <paramref name="basinStd"/>.</summary>
    /// <param name="basinStd">σ per training basin (<see cref="BasinStd.FromTrainingTarget"/>); required when the loss needs it.</param>
    public static Trainer.LossFunction Create(ILoss loss, double[]? basinStd = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.RequiresBasinStd && basinStd is null)
            throw new ArgumentException(
                $"loss '{loss.Name}' needs the standard deviation of each training basin's target: pass BasinStd.FromTrainingTarget(trainingTarget).",
                nameof(basinStd));
        if (basinStd is null || !loss.RequiresBasinStd)
            return (prediction, observation, _) => loss.Compute(prediction, observation, LossContext.None);
        return (prediction, observation, basins) =>
            loss.Compute(prediction, observation, LossContext.ForSampledBasins(basinStd, basins));
    }

    /// <summary>Builds the configured loss and, if it needs them, σ_b from <paramref name="trainingTarget"/>.</summary>
    /// <param name="trainingTarget">The training target <c>[days, basins]</c> in the unit the loss compares, basins in sampler order.</param>
    public static Trainer.LossFunction Create(LossConfig config, DynamicVariable trainingTarget)
    {
        var loss = LossRegistry.Create(config);
        return Create(loss, loss.RequiresBasinStd ? BasinStd.FromTrainingTarget(trainingTarget) : null);
    }
}
