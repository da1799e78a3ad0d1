using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Application;

namespace DeltaModel.PowerShell.Model;

/// <summary>
/// A trained model on disk, as <c>Start-DeltaTraining</c> and <c>Import-DeltaModel</c> return it: the resolved config,
/// the output folder with checkpoints and normalization statistics, and, right after training, the Core
/// <see cref="TrainingResult"/> (loss history, checkpoint paths). Holds no tensors: every simulation reopens the
/// checkpoint, so the object stays valid as long as the folder does and can be kept in a variable for days.
/// </summary>
public sealed class TrainedDeltaModel
{
    /// <param name="config">The resolved config; <see cref="ExperimentConfig.OutputDir"/> is the model folder.</param>
    /// <param name="training">The training run that produced it; null when imported from disk.</param>
    public TrainedDeltaModel(ExperimentConfig config, TrainingResult? training)
    {
        Config = config;
        Training = training;
    }

    public ExperimentConfig Config { get; }

    /// <summary>The Core training result; null for a model imported from disk.</summary>
    public TrainingResult? Training { get; }

    public string Name => Config.Name ?? "deltamodel";

    /// <summary>Physics model registry name (a chain's members joined by arrows); empty for a plain network.</summary>
    public string Physics => Config.Model.Physics?.Describe() ?? "";

    public string NeuralNetwork => Config.Model.Nn.Name;

    /// <summary>The output folder (config.resolved.yaml, model/, simulate/).</summary>
    public string OutputPath => Config.OutputDir;

    /// <summary>Folder of checkpoints, training log and normalization statistics.</summary>
    public string ModelPath => new RunFolder(Config.OutputDir).Model;

    /// <summary>Loss per epoch: this training's, or the folder's training log for an imported model.</summary>
    public IReadOnlyList<EpochRecord> Epochs => Training?.Epochs ?? (log ??= ModelFolder.TrainingLog(Config.OutputDir));

    IReadOnlyList<EpochRecord>? log;

    /// <summary>Mean loss of the last epoch; NaN when unknown.</summary>
    public double FinalLoss => Epochs.Count > 0 ? Epochs[^1].Loss : double.NaN;

    /// <summary>Checkpoint files: those this training wrote, or every one in the folder for an imported model.</summary>
    public IReadOnlyList<string> Checkpoints => Training?.Checkpoints ?? ModelFolder.Checkpoints(Config.OutputDir);

    /// <summary>True when training was stopped (Ctrl+C) after saving a checkpoint of the completed epochs.</summary>
    public bool Cancelled => Training?.Cancelled ?? false;

    /// <summary>The training period the weights were fitted on.</summary>
    public PeriodConfig? TrainingPeriod => Config.Train.Period;

    public override string ToString() => $"{Name} ({OutputPath})";
}
