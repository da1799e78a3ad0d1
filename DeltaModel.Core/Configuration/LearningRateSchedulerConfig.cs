namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>train.lr_scheduler</c>: how the learning rate changes from epoch to epoch (δMG's <c>lr_scheduler</c>,
/// with torch's StepLR, ExponentialLR and CosineAnnealingLR). Absent = the constant <c>train.optimizer.lr</c>.
/// </summary>
public sealed record LearningRateSchedulerConfig : IConfigSection
{
    /// <summary>The accepted names; δMG's torch class names are accepted too (see <see cref="Kind"/>).</summary>
    public static readonly IReadOnlyList<string> Names = ["step", "exponential", "cosine"];

    /// <summary><c>step</c>, <c>exponential</c> or <c>cosine</c> (or δMG's StepLR, ExponentialLR, CosineAnnealingLR).</summary>
    public string Name { get; init; } = "";

    /// <summary>Step: epochs between two multiplications by <see cref="Gamma"/>. Range: ≥ 1. δMG: 10.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>Step and exponential: the factor applied per step (step) or per epoch (exponential). Range: (0, 1]. δMG: 0.5.</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>Cosine: epochs of the half cosine from lr down to <see cref="EtaMin"/> (required: it must not follow
    /// <c>train.epochs</c>, which may grow when a run is resumed). Range: ≥ 1.</summary>
    [ConfigKey("t_max", "T_max")]
    public int? TMax { get; init; }

    /// <summary>Cosine: the learning rate at the end of the half cosine. Range: ≥ 0, below the optimizer's lr.</summary>
    public double EtaMin { get; init; }

    /// <summary>The schedule's canonical name (<see cref="Names"/>), or null when <see cref="Name"/> is none of them.</summary>
    public string? Kind => Name.ToLowerInvariant() switch
    {
        "step" or "steplr" => "step",
        "exponential" or "exponentiallr" => "exponential",
        "cosine" or "cosineannealinglr" => "cosine",
        _ => null,
    };

    public void Validate(ConfigErrors errors, string path)
    {
        if (Kind is null) errors.Expected($"{path}.name", $"one of {string.Join(", ", Names)}", Name);
        if (StepSize < 1) errors.Expected($"{path}.step_size", "an integer ≥ 1", StepSize);
        if (!double.IsFinite(Gamma) || Gamma is <= 0 or > 1) errors.Expected($"{path}.gamma", "a number in (0, 1]", Gamma);
        if (Kind == "cosine" && TMax is null) errors.Add(path, $"'{path}': the cosine schedule needs 't_max' (epochs of the half cosine).");
        if (TMax is < 1) errors.Expected($"{path}.t_max", "an integer ≥ 1", TMax);
        if (!double.IsFinite(EtaMin) || EtaMin < 0) errors.Expected($"{path}.eta_min", "a number ≥ 0", EtaMin);
    }
}
