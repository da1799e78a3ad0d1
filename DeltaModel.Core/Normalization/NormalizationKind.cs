namespace DeltaModel.Core.Normalization;

/// <summary>How a variable is normalized before it enters a network.</summary>
public enum NormalizationKind
{
    /// <summary><c>(x − μ)/σ</c>.</summary>
    ZScore,

    /// <summary>δMG's "gamma" transform for skewed, non-negative data: <c>u = log10(√x + 0.1)</c>, then z-scored.</summary>
    LogSqrt,
}
