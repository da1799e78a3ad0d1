using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Training;

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="Epochs">Every epoch trained, in order (resumed runs include the earlier ones from the log).</param>
/// <param name="Checkpoints">Checkpoint files written, oldest first.</param>
/// <param name="ResumedFromEpoch">Epoch the run continued from (0 = fresh start).</param>
/// <param name="Cancelled">True when stopped early by cancellation (after saving a checkpoint).</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> Epochs, IReadOnlyList<string> Checkpoints, int ResumedFromEpoch, bool Cancelled)
{
    /// <summary>The network precision the epochs of this run were trained in (<see cref="TrainConfig.NetworkPrecision"/> as resolved for the hardware).</summary>
    public string NetworkPrecision { get; init; } = "float32";

    public double FinalLoss => Epochs.Count > 0 ? Epochs[^1].Loss : double.NaN;

    /// <summary>Epoch of the best validation score, whose weights the model now holds; null without validation.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>The best validation score (NaN without validation).</summary>
    public double BestScore { get; init; } = double.NaN;

    /// <summary>Early stopping ended the training before <c>train.epochs</c>.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>The epoch whose weights are tested and simulated: the best validation epoch, else the last one trained.</summary>
    public int SelectedEpoch => BestEpoch ?? (Epochs.Count > 0 ? Epochs[^1].Epoch : 0);
}
