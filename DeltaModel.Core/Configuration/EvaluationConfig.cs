namespace DeltaModel.Core.Configuration;

/// <summary>Sections <c>test</c> and <c>simulate</c>: a period run forward over basin chunks.</summary>
public sealed record EvaluationConfig : IConfigSection
{
    /// <summary>Scored days.</summary>
    public PeriodConfig? Period { get; init; }

    /// <summary>Basins per forward chunk. Range: ≥ 1. δMG: 25.</summary>
    public int BatchSize { get; init; } = 25;

    /// <summary>Checkpoint epoch to evaluate; null = the last one trained.</summary>
    public int? Epoch { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        Period?.Validate(errors, $"{path}.period");
        if (BatchSize < 1) errors.Expected($"{path}.batch_size", "an integer ≥ 1", BatchSize);
        if (Epoch is < 1) errors.Expected($"{path}.epoch", "an integer ≥ 1", Epoch);
    }
}
