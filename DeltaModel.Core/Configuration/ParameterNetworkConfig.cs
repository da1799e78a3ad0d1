namespace DeltaModel.Core.Configuration;

/// <summary>
/// One entry of <c>model.networks</c>: a named network that writes some of the physics parameters (the
/// several-networks coupling mode, docs/coupling.md), e.g. an LSTM on forcings for the dynamic parameters and an MLP
/// on attributes for the static and routing ones. Every network reads a subset of the inputs of <c>model.nn</c>
/// (normalized alike); every parameter is written by exactly one network.
/// </summary>
public sealed record ParameterNetworkConfig : IConfigSection
{
    /// <summary>Its name in the run log and the model description, e.g. <c>dynamic</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Network kind from the network registry (<c>lstm</c>, <c>mlp</c>, or a plug-in's).</summary>
    public string Network { get; init; } = "lstm";

    /// <summary>Hidden width. Range: ≥ 1.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>DropConnect rate (LSTM, training only). Range: [0, 1).</summary>
    public double Dropout { get; init; }

    /// <summary>The forcings of <c>model.nn.forcings</c> it reads; null = all of them, [] = none.</summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<string>? Forcings { get; init; }

    /// <summary>The attributes of <c>model.nn.attributes</c> it reads; null = all of them, [] = none.</summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<string>? Attributes { get; init; }

    /// <summary>
    /// The physics parameters it writes (routing ones included, e.g. <c>route_a</c>); empty = every parameter no
    /// other network lists (at most one network may leave it empty).
    /// </summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>The network section this builds: its kind, width and dropout.</summary>
    public NeuralNetworkConfig Section => new() { Name = Network, HiddenSize = HiddenSize, Dropout = Dropout };

    public void Validate(ConfigErrors errors, string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) errors.Expected($"{path}.name", "a name for the network", Name);
        if (HiddenSize < 1) errors.Expected($"{path}.hidden_size", "an integer ≥ 1", HiddenSize);
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) errors.Expected($"{path}.dropout", "a number in [0, 1)", Dropout);
    }
}
