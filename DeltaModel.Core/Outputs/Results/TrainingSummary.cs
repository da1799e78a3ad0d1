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
    /// <summary>Minibatches trained over all epochs (absent in results written before it was recorded).</summary>
    public long? Minibatches { get; init; }
    /// <summary>Epoch whose weights were tested: the best validation epoch, else the last.</summary>
    public int? SelectedEpoch { get; init; }
    /// <summary>How the epoch was chosen (absent without a validation section).</summary>
    public ValidationSummary? Validation { get; init; }
    /// <summary>Per epoch: mean training loss, learning rate and validation score (as <c>model/learning_curve.csv</c>).</summary>
    public IReadOnlyList<LearningCurvePoint>? LearningCurve { get; init; }
}

/// <summary>One epoch of <c>training.learning_curve</c> in results.json.</summary>
public sealed record LearningCurvePoint
{
    public int Epoch { get; init; }
    public double? Loss { get; init; }
    public double? LearningRate { get; init; }
    /// <summary>Validation score after the epoch; null when it was not scored.</summary>
    public double? Validation { get; init; }
}

/// <summary>Section <c>training.validation</c> of results.json.</summary>
public sealed record ValidationSummary
{
    public string Metric { get; init; } = "";
    public string Statistic { get; init; } = "";
    public int? BestEpoch { get; init; }
    public double? Best { get; init; }
    public bool StoppedEarly { get; init; }
}
