using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Training;

/// <summary>
/// Picks the best epoch from the validation scores and decides when to stop early (<c>train.early_stopping</c>).
/// A score counts as an improvement when it beats the best so far by more than <c>min_delta</c> (any amount without
/// early stopping); a score that is not finite never does.
/// </summary>
public sealed class EpochSelection
{
    /// <summary>What the selection has seen so far; saved in <c>last.ckpt</c> so a resumed run decides the same.</summary>
    /// <param name="BestEpoch">Epoch of the best score; 0 = none yet.</param>
    /// <param name="BestScore">The best score (NaN when none).</param>
    /// <param name="Stale">Scorings in a row since the last improvement.</param>
    /// <param name="Stopped">Early stopping ended the training.</param>
    public sealed record State(int BestEpoch, double BestScore, int Stale, bool Stopped)
    {
        public static readonly State Initial = new(0, double.NaN, 0, false);
    }

    readonly bool higherIsBetter;
    readonly EarlyStoppingConfig? stopping;

    public EpochSelection(bool higherIsBetter, EarlyStoppingConfig? stopping, State? resumed = null)
    {
        this.higherIsBetter = higherIsBetter;
        this.stopping = stopping;
        Current = resumed ?? State.Initial;
    }

    public State Current { get; private set; }

    /// <summary>Records the score of <paramref name="epoch"/>; true when it is the new best.</summary>
    public bool Observe(int epoch, double score)
    {
        double margin = stopping?.MinDelta ?? 0;
        bool improved = double.IsFinite(score) && (Current.BestEpoch == 0
            || (higherIsBetter ? score - Current.BestScore : Current.BestScore - score) > margin);
        int stale = improved ? 0 : Current.Stale + 1;
        Current = improved
            ? new State(epoch, score, 0, false)
            : Current with { Stale = stale, Stopped = stopping is { } s && stale >= s.Patience };
        return improved;
    }
}
