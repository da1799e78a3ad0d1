namespace DeltaModel.Core.Training;

/// <summary>One line of the training log (<c>training_log.csv</c>) and of the learning curve (<c>learning_curve.csv</c>).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean minibatch loss.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="Minibatches">Minibatches in the epoch.</param>
public sealed record EpochRecord(int Epoch, double Loss, double Seconds, int Minibatches)
{
    /// <summary>Learning rate the epoch trained with (NaN when unknown: a log written before it was recorded).</summary>
    public double LearningRate { get; init; } = double.NaN;

    /// <summary>Validation score after the epoch; null when the epoch was not scored.</summary>
    public double? Validation { get; init; }
}
