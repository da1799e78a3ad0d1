using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Training;

/// <summary>Everything the trainer needs to know about a run, resolved from the experiment config.</summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 100;
    public int Rho { get; init; } = 365;

    /// <summary>Minibatches per epoch; null = δMG's formula.</summary>
    public int? IterationsPerEpoch { get; init; }

    public bool SampleWithReplacement { get; init; }
    public int Seed { get; init; }
    public string Optimizer { get; init; } = "adadelta";
    public double LearningRate { get; init; } = 1.0;
    public double? GradClip { get; init; }
    public int SaveEvery { get; init; } = 5;

    /// <summary>Folder for checkpoints and the training log.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Hash of the training-relevant config; a checkpoint with another hash is not resumed.</summary>
    public string ConfigHash { get; init; } = "";

    /// <summary>Continue from the last checkpoint in <see cref="ModelDirectory"/> when one exists.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Evaluation chunk size (basins per forward).</summary>
    public int EvaluationBatchSize { get; init; } = 25;

    public static TrainerOptions From(ExperimentConfig c, string modelDirectory, string configHash) => new()
    {
        Epochs = c.Train.Epochs,
        BatchSize = c.Train.BatchSize,
        Rho = c.Model.Rho,
        IterationsPerEpoch = c.Train.IterationsPerEpoch,
        SampleWithReplacement = c.Train.SampleWithReplacement,
        Seed = c.Seed,
        Optimizer = c.Train.Optimizer.Name.ToLowerInvariant(),
        LearningRate = c.Train.Optimizer.LearningRate,
        GradClip = c.Train.GradClip,
        SaveEvery = c.Train.SaveEvery,
        ModelDirectory = modelDirectory,
        ConfigHash = configHash,
        EvaluationBatchSize = c.Test.BatchSize,
    };
}
