using System.Globalization;
using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Reporting.Tables;

/// <summary>
/// How a result's training ended, from its results.json: stopped early on the validation plateau, ran to its epoch
/// cap, or trained a fixed budget without validation — per training, so an experiment of several (folds, members)
/// shows each. Why: a comparison of two models is only fair at convergence of both, and the minibatch count alone
/// does not tell a reader whether a run stopped because it had converged or because it ran out of epochs.
/// </summary>
public static class TrainingConvergence
{
    /// <summary>
    /// "early stop at epoch 34, best 24" / "all 60 epochs, best 54" / "fixed 30 epochs, no validation"; for several
    /// trainings "best/last epoch per fold: 32/42, 20/30 …; early stop in 4 of 5"; null when nothing in it trained.
    /// </summary>
    public static string? Describe(RunResults r)
    {
        if (r.Training is { } t) return One(t);
        var trainings = TrainingCompute.MemberTrainings(r);
        if (trainings.Count == 0) return null;
        string unit = r.Combination == RunResults.PooledFolds ? "fold" : "member";
        if (trainings.All(m => m.Validation is null))
            return $"fixed {Epochs(trainings)} epochs per {unit}, no validation";
        var perMember = string.Join(", ", trainings.Select(m => $"{Best(m)}/{m.Epochs}"));
        int stopped = trainings.Count(m => m.Validation?.StoppedEarly == true);
        return $"best/last epoch per {unit}: {perMember}; early stop in {stopped} of {trainings.Count}";
    }

    static string One(TrainingSummary t) => t.Validation switch
    {
        null => $"fixed {t.Epochs} epochs, no validation",
        { StoppedEarly: true } => $"early stop at epoch {t.Epochs}, best {Best(t)}",
        _ => $"all {t.Epochs} epochs, best {Best(t)}",
    };

    static string Best(TrainingSummary t) => (t.Validation?.BestEpoch ?? t.SelectedEpoch)?.ToString(CultureInfo.InvariantCulture) ?? "—";

    /// <summary>"30", or "30-36" when the members trained different budgets.</summary>
    static string Epochs(IReadOnlyList<TrainingSummary> trainings)
    {
        int min = trainings.Min(m => m.Epochs), max = trainings.Max(m => m.Epochs);
        return min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min}-{max}";
    }
}
