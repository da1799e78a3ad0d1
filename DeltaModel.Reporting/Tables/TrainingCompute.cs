using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Reporting.Tables;

/// <summary>
/// The training a result took, from its results.json: the run's own training, or for an experiment made of several
/// runs (ensemble members, cross-validation folds, whose own record has no training) the sum over its members. Why:
/// the record's wall time of such an experiment is its last invocation's, which after a resume leaves out most of the
/// members' training.
/// </summary>
/// <param name="Minibatches">Minibatches over every epoch (and member); null when a record does not say.</param>
/// <param name="Seconds">Training wall time over every epoch (and member); null when a record does not say.</param>
/// <param name="Epochs">Epochs over every member.</param>
/// <param name="Runs">How many trainings: 1, or the members that trained.</param>
public sealed record TrainingCompute(long? Minibatches, double? Seconds, int Epochs, int Runs)
{
    /// <summary>" over 5 folds" / " over 4 members" for an experiment of several runs; empty for one.</summary>
    public string Over { get; private init; } = "";

    /// <summary>
    /// Whether the training took longer than the record's wall time: that is the last invocation's, so only when it
    /// resumed a training an earlier process began.
    /// </summary>
    public bool OutlastsTheRun { get; private init; }

    /// <summary>The compute of <paramref name="r"/>; null when nothing in it trained.</summary>
    public static TrainingCompute? Of(RunResults r)
    {
        var compute = Sum(r);
        return compute is null ? null : compute with
        {
            Over = compute.Runs <= 1 ? "" : $" over {compute.Runs} {(r.Combination == RunResults.PooledFolds ? "folds" : "members")}",
            OutlastsTheRun = compute.Seconds > r.Seconds,
        };
    }

    /// <summary>The trainings of an experiment made of several runs (folds, ensemble members): those of its members that trained.</summary>
    internal static IReadOnlyList<TrainingSummary> MemberTrainings(RunResults r) =>
        (r.Members ?? []).Select(m => m.Training).OfType<TrainingSummary>().ToList();

    static TrainingCompute? Sum(RunResults r)
    {
        if (r.Training is { } t) return new(t.Minibatches, t.Seconds, t.Epochs, 1);
        var trained = MemberTrainings(r);
        if (trained.Count == 0) return null;
        return new(
            trained.All(m => m.Minibatches is not null) ? trained.Sum(m => m.Minibatches!.Value) : null,
            trained.All(m => m.Seconds is not null) ? trained.Sum(m => m.Seconds!.Value) : null,
            trained.Sum(m => m.Epochs),
            trained.Count);
    }
}
