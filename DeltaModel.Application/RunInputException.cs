namespace DeltaModel.Application;

/// <summary>
/// A run or model that cannot be planned because an input is missing (no data, no period) or wrong (an unknown model
/// name). <see cref="Reason"/> is a stable id front ends can show or test (PowerShell uses it as the error id); the
/// message says what to give.
/// </summary>
public sealed class RunInputException(string reason, string message) : ArgumentException(message)
{
    /// <summary>DatasetRequired, PeriodRequired, or one of <see cref="ModelDefinition.ToConfig"/>'s.</summary>
    public string Reason { get; } = reason;

    /// <summary>The input at fault (PowerShell's error target); null = the front end's own choice.</summary>
    public object? Target { get; init; }
}
