namespace DeltaModel.Core.Outputs.Results;

/// <summary>Section <c>training</c> of results.json (null when the run did not train).</summary>
public sealed record TrainingSummary
{
    public int Epochs { get; init; }
    public double? FinalLoss { get; init; }
    /// <summary>Training wall time [s].</summary>
    public double? Seconds { get; init; }
    /// <summary>The network precision the weights were trained in (train.network_precision as the hardware allowed); null in files from before it was recorded.</summary>
    public string? NetworkPrecision { get; init; }
}
