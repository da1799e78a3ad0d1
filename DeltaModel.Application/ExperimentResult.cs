using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Core.Training;

namespace DeltaModel.Application;

/// <summary>What one <see cref="ExperimentRunner.Run"/> did.</summary>
/// <param name="OutputDirectory">The experiment's output folder.</param>
/// <param name="Training">Training outcome; null when the mode does not train.</param>
/// <param name="Evaluation">Test or simulation outcome; null for mode train (or a cancelled run).</param>
/// <param name="Checks">Expected results compared with ours (empty when none are declared).</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record ExperimentResult(
    string OutputDirectory,
    TrainingResult? Training,
    EvaluationResult? Evaluation,
    IReadOnlyList<ExpectedCheck> Checks,
    TimeSpan Elapsed)
{
    /// <summary>The ensemble members or folds of an experiment made of several runs; empty for a single run.</summary>
    public IReadOnlyList<MemberRun> Members { get; init; } = [];

    /// <summary>How <see cref="Evaluation"/> combines <see cref="Members"/>: <see cref="RunResults.EnsembleMean"/> or
    /// <see cref="RunResults.PooledFolds"/> (the results file's values); null for a single run.</summary>
    public string? Combination { get; init; }
}

/// <summary>A period run forward over all basins.</summary>
/// <param name="Phase">test or simulate.</param>
/// <param name="Folder">Where its files went.</param>
/// <param name="Epoch">Epoch of the weights used; null for a combined evaluation (ensemble mean, pooled folds), whose
/// members were each tested with their own selected weights.</param>
/// <param name="Metrics">Per-basin metrics (test only).</param>
/// <param name="Files">Files written.</param>
/// <param name="Seconds">Forward time.</param>
/// <param name="BasinDaysPerSecond">Simulated basin-days (warm-up included) per second of forward time.</param>
public sealed record EvaluationResult(
    string Phase,
    string Folder,
    int? Epoch,
    MetricsTable? Metrics,
    IReadOnlyList<string> Files,
    double Seconds,
    double BasinDaysPerSecond)
{
    public int Basins { get; init; }
    public int Days { get; init; }

    /// <summary>Every simulated series (for front ends that pass results on in memory).</summary>
    public SimulationOutput? Output { get; init; }

    /// <summary>The observed target over the same days, <c>[T, B]</c> time-major.</summary>
    public float[]? Observed { get; init; }

    /// <summary>The relative error of each held-out annual peak (a <c>split</c>'s test); null otherwise.</summary>
    public PeakErrors? Peaks { get; init; }

    /// <summary>Learned against true parameters (a twin experiment's <c>test.true_parameters</c>); empty otherwise.</summary>
    public IReadOnlyList<ParameterRecovery> Recovery { get; init; } = [];
}

/// <summary>One expected (published) result compared with ours.</summary>
public sealed record ExpectedCheck(string Metric, string Statistic, double Value, double Tolerance, double Ours, string Source)
{
    /// <summary>Inside the band (a NaN result never passes).</summary>
    public bool Pass => Math.Abs(Ours - Value) <= Tolerance;
}
