namespace DeltaModel.Core.Training;

/// <summary>
/// Where a training run keeps its state and whether it may continue an earlier one: run-time facts the experiment
/// file does not hold (the settings themselves come from the config's sections).
/// </summary>
/// <param name="ModelDirectory">Folder for checkpoints and the training log.</param>
/// <param name="ConfigHash">Hash of the training-relevant config; a checkpoint with another hash is not resumed.</param>
/// <param name="Resume">Continue from the last checkpoint in <paramref name="ModelDirectory"/> when one exists.</param>
public sealed record TrainingRun(string ModelDirectory, string ConfigHash, bool Resume = true);
