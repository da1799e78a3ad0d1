namespace DeltaModel.Core.Outputs.Results;

/// <summary>
/// One member of an experiment made of several runs (an ensemble member, a cross-validation fold) in results.json's
/// <c>members</c>: where it ran and what it scored. Its own folder holds its full <c>results.json</c>.
/// </summary>
public sealed record MemberResults
{
    /// <summary>The member's name (<c>seed_1</c>, <c>fold_3</c>, …) and folder under the experiment's output folder.</summary>
    public string Name { get; init; } = "";
    public string Folder { get; init; } = "";
    public long? Seed { get; init; }
    public string? ConfigHash { get; init; }
    public TrainingSummary? Training { get; init; }

    /// <summary>The member's own test: its outputs alone (ensemble member) or its held-out basins (fold).</summary>
    public EvaluationSummary? Evaluation { get; init; }
}
