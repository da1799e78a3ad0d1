namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>model</c>: network, physics, and the window lengths they run on.</summary>
public sealed record ModelConfig : IConfigSection
{
    /// <summary>Spin-up days prepended to each window and removed from outputs and targets. Range: ≥ 0.</summary>
    public int WarmUp { get; init; } = 365;

    /// <summary>Length of the scored training window [days]. Range: ≥ 1.</summary>
    public int Rho { get; init; } = 365;

    public NeuralNetworkConfig Nn { get; init; } = new();

    /// <summary>The physics model; null = a plain network predicting the target.</summary>
    public PhysicsConfig? Physics { get; init; }

    /// <summary>A network correcting the physics' simulated target (residual coupling, docs/coupling.md); null = none.</summary>
    [ConfigOmitWhenNull]
    public PostprocessorConfig? Postprocessor { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (WarmUp < 0) errors.Expected($"{path}.warm_up", "an integer ≥ 0", WarmUp);
        if (Rho < 1) errors.Expected($"{path}.rho", "an integer ≥ 1", Rho);
        Nn.Validate(errors, $"{path}.nn");
        Physics?.Validate(errors, $"{path}.physics");
        Postprocessor?.Validate(errors, $"{path}.postprocessor");
        if (Postprocessor is not null && Physics is null)
            errors.Add($"{path}.postprocessor", $"'{path}.postprocessor' corrects a physics model's output; add '{path}.physics' or remove it.");
    }
}
