namespace DeltaModel.Application;

/// <summary>
/// A run that cannot be planned because an input is missing (no data, no period). <see cref="Reason"/> is a stable
/// id front ends can show or test (PowerShell uses it as the error id); the message says what to give.
/// </summary>
public sealed class RunInputException(string reason, string message) : ArgumentException(message)
{
    /// <summary>DatasetRequired or PeriodRequired.</summary>
    public string Reason { get; } = reason;
}
