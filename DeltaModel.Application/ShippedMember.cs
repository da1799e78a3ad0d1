using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Core.Training;

namespace DeltaModel.Application;

/// <summary>
/// A member (ensemble seed, cross-validation fold) that finished its training on another machine or in an earlier
/// clone and came back as shipped weights (<c>workspace ship --weights</c>: its record, config, normalization,
/// training log and the selected weights, without the optimizer-laden <c>last.ckpt</c>). Such a member is tested again,
/// not trained again, so an experiment of many long members advances across machines that each hold it for a few
/// hours, and a clone of the repository finishes only the members still missing.
/// </summary>
internal static class ShippedMember
{
    /// <summary>
    /// The training record of the member in <paramref name="member"/>'s output folder when that folder holds a
    /// shipped, finished training of exactly this configuration (same config hash); null when it must train (nothing
    /// there, a training of its own to resume, or weights of another configuration, which are then trained over).
    /// </summary>
    public static TrainingResult? FinishedTraining(ExperimentConfig member)
    {
        var folder = new RunFolder(member.OutputDir);
        if (File.Exists(folder.ResumeCheckpoint) || !File.Exists(folder.BestCheckpoint) || !File.Exists(folder.Results)) return null;
        var record = RunResults.Read(folder.Results);
        if (record.ConfigHash != ExperimentRunner.ConfigHash(member) || record.Training is not { } training) return null;
        var epochs = ModelFolder.TrainingLog(member.OutputDir);
        return new TrainingResult(epochs, [], ResumedFromEpoch: epochs.Count > 0 ? epochs[^1].Epoch : 0, Cancelled: false)
        {
            NetworkPrecision = training.NetworkPrecision ?? "float32",
            BestEpoch = training.Validation?.BestEpoch,
            BestScore = training.Validation?.Best ?? double.NaN,
            StoppedEarly = training.Validation?.StoppedEarly ?? false,
        };
    }
}
