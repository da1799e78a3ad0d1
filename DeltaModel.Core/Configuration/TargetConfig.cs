namespace DeltaModel.Core.Configuration;

/// <summary>
/// One entry of <c>train.targets</c>: an observed variable the model is trained against, the simulated series it is
/// compared with, and its loss and weight (docs/coupling.md, "Targets"). The first entry is the primary target: the
/// one validation, the metrics table and the NetCDF discharge use; its variable is <c>data.target</c>.
/// </summary>
public sealed record TargetConfig : IConfigSection
{
    /// <summary>The observed dataset variable, e.g. <c>streamflow</c> or an ET product.</summary>
    public required string Variable { get; init; }

    /// <summary>The model's output series compared with it; null = a series named like the variable.</summary>
    [ConfigOmitWhenNull]
    public string? Output { get; init; }

    /// <summary>Weight of this target's loss in the sum. Range: ≥ 0.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>This target's loss; null = <c>train.loss</c>.</summary>
    [ConfigOmitWhenNull]
    public LossConfig? Loss { get; init; }

    /// <summary>The series compared with <see cref="Variable"/>.</summary>
    public string OutputName => Output ?? Variable;

    public void Validate(ConfigErrors errors, string path)
    {
        if (string.IsNullOrWhiteSpace(Variable)) errors.Expected($"{path}.variable", "a dataset variable name", Variable);
        if (!double.IsFinite(Weight) || Weight < 0) errors.Expected($"{path}.weight", "a number ≥ 0", Weight);
        Loss?.Validate(errors, $"{path}.loss");
    }
}
