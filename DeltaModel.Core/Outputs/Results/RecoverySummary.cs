namespace DeltaModel.Core.Outputs.Results;

/// <summary>
/// One entry of <c>evaluation.parameter_recovery</c> in results.json: how well a twin experiment recovered a physics
/// parameter over the evaluated basins (<see cref="Metrics.ParameterRecovery"/>).
/// </summary>
public sealed record RecoverySummary
{
    public string Parameter { get; init; } = "";
    public string Attribute { get; init; } = "";
    public int N { get; init; }
    public double? R2 { get; init; }
    public double? Bias { get; init; }
    public double? Rmse { get; init; }
}
