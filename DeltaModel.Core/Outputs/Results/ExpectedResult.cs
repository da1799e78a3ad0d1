namespace DeltaModel.Core.Outputs.Results;

/// <summary>One entry of results.json's <c>expected</c> list: a published number and our value for it.</summary>
public sealed record ExpectedResult
{
    public string Metric { get; init; } = "";
    public string Statistic { get; init; } = "median";
    /// <summary>Published value.</summary>
    public double Value { get; init; }
    /// <summary>Accepted absolute deviation from <see cref="Value"/>.</summary>
    public double Tolerance { get; init; }
    /// <summary>Our value as the runner computed it; null when the runner could not compute it.</summary>
    public double? Ours { get; init; }
    public bool? Pass { get; init; }
    public string Source { get; init; } = "";
}
