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

    /// <summary>Networks that replace processes inside the physics' daily step (docs/coupling.md); null = none.</summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<ProcessNetworkConfig>? Processes { get; init; }

    /// <summary>
    /// Several named networks, each writing the physics parameters it lists, in place of the one network of
    /// <see cref="Nn"/> (whose inputs they read; docs/coupling.md); null = <see cref="Nn"/> writes every parameter.
    /// </summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<ParameterNetworkConfig>? Networks { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (WarmUp < 0) errors.Expected($"{path}.warm_up", "an integer ≥ 0", WarmUp);
        if (Rho < 1) errors.Expected($"{path}.rho", "an integer ≥ 1", Rho);
        Nn.Validate(errors, $"{path}.nn");
        Physics?.Validate(errors, $"{path}.physics");
        Postprocessor?.Validate(errors, $"{path}.postprocessor");
        if (Postprocessor is not null && Physics is null)
            errors.Add($"{path}.postprocessor", $"'{path}.postprocessor' corrects a physics model's output; add '{path}.physics' or remove it.");
        if (Processes is { Count: 0 }) errors.Add($"{path}.processes", $"'{path}.processes': name at least one process, or leave the key out.");
        for (int i = 0; i < (Processes?.Count ?? 0); i++) Processes![i].Validate(errors, $"{path}.processes[{i}]");
        foreach (var twice in (Processes ?? []).GroupBy(p => p.Process).Where(g => g.Count() > 1))
            errors.Add($"{path}.processes", $"'{path}.processes' replaces '{twice.Key}' {twice.Count()} times; one network per process.");
        if (Processes is not null && Physics is null)
            errors.Add($"{path}.processes", $"'{path}.processes' replaces processes of a physics model; add '{path}.physics' or remove it.");
        if (Networks is { Count: 0 }) errors.Add($"{path}.networks", $"'{path}.networks': name at least one network, or leave the key out.");
        for (int i = 0; i < (Networks?.Count ?? 0); i++) Networks![i].Validate(errors, $"{path}.networks[{i}]");
        if (Networks is not null) ValidateNetworks(Networks, errors, $"{path}.networks");
        if (Networks is not null && Physics is null)
            errors.Add($"{path}.networks", $"'{path}.networks' assigns physics parameters to networks; add '{path}.physics', or use '{path}.nn' alone.");
    }

    /// <summary>What can be checked without the physics: names once, inputs among <see cref="Nn"/>'s, one catch-all.</summary>
    void ValidateNetworks(IReadOnlyList<ParameterNetworkConfig> networks, ConfigErrors errors, string path)
    {
        foreach (var twice in networks.GroupBy(n => n.Name).Where(g => g.Count() > 1))
            errors.Add(path, $"'{path}' names two networks '{twice.Key}'; give each its own name.");
        if (networks.Count(n => n.Parameters.Count == 0) > 1)
            errors.Add(path, $"'{path}': {string.Join(" and ", networks.Where(n => n.Parameters.Count == 0).Select(n => $"'{n.Name}'"))} both list no parameters " +
                             "(= every parameter no other network lists); at most one network may.");
        for (int i = 0; i < networks.Count; i++)
        {
            var n = networks[i];
            foreach (var f in (n.Forcings ?? []).Where(f => !Nn.Forcings.Contains(f)))
                errors.Add($"{path}[{i}].forcings", $"'{path}[{i}].forcings' names '{f}', which is not one of 'model.nn.forcings' ({string.Join(", ", Nn.Forcings)}).");
            foreach (var a in (n.Attributes ?? []).Where(a => !Nn.Attributes.Contains(a)))
                errors.Add($"{path}[{i}].attributes", $"'{path}[{i}].attributes' names '{a}', which is not one of 'model.nn.attributes'.");
            if ((n.Forcings ?? Nn.Forcings).Count + (n.Attributes ?? Nn.Attributes).Count == 0)
                errors.Add($"{path}[{i}]", $"'{path}[{i}]' ({n.Name}) reads no input; give it 'forcings' or 'attributes'.");
        }
    }
}
