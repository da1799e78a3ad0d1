namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>model.nn</c>: the network that produces physics parameters (or the prediction, without physics). The
/// keys every network reads; a network's own keys go in <see cref="Options"/>.
/// </summary>
public sealed record NeuralNetworkConfig : IConfigSection
{
    /// <summary>Network kind from the model registry: <c>lstm</c>, <c>mlp</c>, <c>lstm_mlp</c>.</summary>
    public string Name { get; init; } = "lstm";

    /// <summary>Hidden width. Range: ≥ 1. δMG default 256.</summary>
    public int HiddenSize { get; init; } = 256;

    /// <summary>DropConnect rate on the LSTM weight matrices (training only). Range: [0, 1).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Dynamic inputs by dataset variable name, e.g. [prcp, tmean, pet].</summary>
    public IReadOnlyList<string> Forcings { get; init; } = ["prcp", "tmean", "pet"];

    /// <summary>Static inputs by attribute name.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Forcings normalized with the log-sqrt ("gamma") transform instead of a plain z-score, e.g. [prcp].</summary>
    [ConfigKey("log_norm", "use_log_norm")]
    public IReadOnlyList<string> LogNorm { get; init; } = [];

    /// <summary>Output width for a network without physics (ignored with physics: the physics sets it).</summary>
    public int OutputSize { get; init; } = 1;

    /// <summary>
    /// Run the network over the warm-up days without gradient and backpropagate only through the scored window.
    /// The gradient that reaches the warm-up days has decayed through the LSTM's forget gates to denormal magnitudes;
    /// truncating it halves the recurrent backward pass. false reproduces δMG exactly.
    /// </summary>
    public bool TruncateWarmUpGradient { get; init; } = true;

    /// <summary>
    /// LSTM networks: segments of the days trained with gradient whose activations the backward pass recomputes
    /// instead of keeping. The network's share of a training step's peak memory falls about N-fold, for one more
    /// forward pass over those days; the gradient is the same up to rounding. 1 = keep them all (δMG). Range: ≥ 1.
    /// </summary>
    public int RecomputeSegments { get; init; } = 1;

    /// <summary>
    /// The keys the chosen network adds to this section (e.g. <c>lstm_mlp</c>'s MLP width), written beside the common
    /// ones; their record comes from the network registry. null = none given in code: the network's defaults.
    /// </summary>
    [ConfigPluginKeys(nameof(Name))]
    public IPluginConfig<NeuralNetworkConfig>? Options { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (HiddenSize < 1) errors.Expected($"{path}.hidden_size", "an integer ≥ 1", HiddenSize);
        if (Dropout is < 0 or >= 1) errors.Expected($"{path}.dropout", "a number in [0, 1)", Dropout);
        if (Forcings.Count + Attributes.Count == 0) errors.Add(path, $"'{path}': give at least one input in 'forcings' or 'attributes'.");
        if (OutputSize < 1) errors.Expected($"{path}.output_size", "an integer ≥ 1", OutputSize);
        if (RecomputeSegments < 1) errors.Expected($"{path}.recompute_segments", "an integer ≥ 1", RecomputeSegments);
        foreach (var v in LogNorm.Where(v => !Forcings.Contains(v)))
            errors.Add($"{path}.log_norm", $"'{path}.log_norm' names '{v}', which is not one of the network forcings ({string.Join(", ", Forcings)}).");
        Options?.Validate(this, errors, path);
    }
}
