namespace DeltaModel.Core.Training;

/// <summary>Where a run stands, reported through <see cref="IProgress{T}"/> after every minibatch and evaluation chunk.</summary>
/// <param name="Phase">train, validate (scoring the validation data after an epoch), test or simulate.</param>
/// <param name="Epoch">Current epoch (1-based; 0 outside training).</param>
/// <param name="Epochs">Epochs in this run.</param>
/// <param name="Step">Minibatch (or chunk) just finished, 1-based.</param>
/// <param name="Steps">Minibatches per epoch (or chunks).</param>
/// <param name="Loss">Loss of the last minibatch (NaN outside training).</param>
/// <param name="EpochLoss">Mean loss of the epoch so far.</param>
/// <param name="Elapsed">Time since the phase started.</param>
public sealed record TrainingProgress(string Phase, int Epoch, int Epochs, int Step, int Steps, double Loss, double EpochLoss, TimeSpan Elapsed)
{
    /// <summary>Fraction of the phase done, in [0, 1].</summary>
    public double Fraction => Phase == "train"
        ? ((Epoch - 1) * (double)Steps + Step) / Math.Max(1.0, (double)Epochs * Steps)
        : Step / Math.Max(1.0, Steps);
}
