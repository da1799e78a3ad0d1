namespace DeltaModel.Core.Outputs.Results;

/// <summary>Section <c>training</c> of results.json (null when the run did not train).</summary>
public sealed record TrainingSummary
{
    public int Epochs { get; init; }
    public double? FinalLoss { get; init; }
    /// <summary>Training wall time [s].</summary>
    public double? Seconds { get; init; }
}
