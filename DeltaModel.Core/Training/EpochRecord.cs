namespace DeltaModel.Core.Training;

/// <summary>One line of the training log (<c>training_log.csv</c>).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean minibatch loss.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="Minibatches">Minibatches in the epoch.</param>
public sealed record EpochRecord(int Epoch, double Loss, double Seconds, int Minibatches);
