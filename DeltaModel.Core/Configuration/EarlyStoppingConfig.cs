namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>train.early_stopping</c>: stop training when the validation metric (section <c>validation</c>) has not
/// improved for a while. Absent = train all <c>train.epochs</c>.
/// </summary>
public sealed record EarlyStoppingConfig : IConfigSection
{
    /// <summary>Validation scorings in a row without improvement after which training stops (so with
    /// <c>validation.every: 5</c>, a patience of 3 is 15 epochs). Range: ≥ 1.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>How much better than the best so far a score must be to count as an improvement (in the metric's
    /// units, e.g. 0.001 NSE). Range: ≥ 0.</summary>
    public double MinDelta { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (Patience < 1) errors.Expected($"{path}.patience", "an integer ≥ 1", Patience);
        if (!double.IsFinite(MinDelta) || MinDelta < 0) errors.Expected($"{path}.min_delta", "a number ≥ 0", MinDelta);
    }
}
