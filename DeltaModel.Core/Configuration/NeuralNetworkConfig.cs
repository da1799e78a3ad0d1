namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>model.nn</c>: the network that produces physics parameters (or the prediction, without physics).</summary>
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

    /// <summary>
    /// <c>lstm_mlp</c> only: width of the MLP branch (static and routing parameters from the attributes). δMG's example
    /// uses 4096 (≈101 M weights for ~100 outputs); 256 keeps the network small. Range: ≥ 1.
    /// </summary>
    public int MlpHiddenSize { get; init; } = 256;

    /// <summary><c>lstm_mlp</c> only: hidden layers of the MLP branch (δMG's AnnModel: 7). Range: ≥ 1.</summary>
    public int MlpLayers { get; init; } = 7;

    /// <summary><c>lstm_mlp</c> only: activation dropout after each hidden MLP layer, training only (δMG: 0.5). Range: [0, 1).</summary>
    public double MlpDropout { get; init; } = 0.5;

    /// <summary>Output width for a network without physics (ignored with physics: the physics sets it).</summary>
    public int OutputSize { get; init; } = 1;

    /// <summary>
    /// Run the network over the warm-up days without gradient and backpropagate only through the scored window.
    /// The gradient that reaches the warm-up days has decayed through the LSTM's forget gates to denormal magnitudes;
    /// truncating it halves the recurrent backward pass. false reproduces δMG exactly.
    /// </summary>
    public bool TruncateWarmUpGradient { get; init; } = true;

    public void Validate(ConfigErrors errors, string path)
    {
        if (HiddenSize < 1) errors.Expected($"{path}.hidden_size", "an integer ≥ 1", HiddenSize);
        if (Dropout is < 0 or >= 1) errors.Expected($"{path}.dropout", "a number in [0, 1)", Dropout);
        if (Forcings.Count + Attributes.Count == 0) errors.Add(path, $"'{path}': give at least one input in 'forcings' or 'attributes'.");
        if (MlpHiddenSize < 1) errors.Expected($"{path}.mlp_hidden_size", "an integer ≥ 1", MlpHiddenSize);
        if (MlpLayers < 1) errors.Expected($"{path}.mlp_layers", "an integer ≥ 1", MlpLayers);
        if (MlpDropout is < 0 or >= 1) errors.Expected($"{path}.mlp_dropout", "a number in [0, 1)", MlpDropout);
        if (OutputSize < 1) errors.Expected($"{path}.output_size", "an integer ≥ 1", OutputSize);
        if (string.Equals(Name, "lstm_mlp", StringComparison.OrdinalIgnoreCase) && Attributes.Count == 0)
            errors.Add($"{path}.attributes", $"'{path}.attributes': network 'lstm_mlp' reads the static attributes in its MLP branch; list at least one.");
        foreach (var v in LogNorm.Where(v => !Forcings.Contains(v)))
            errors.Add($"{path}.log_norm", $"'{path}.log_norm' names '{v}', which is not one of the network forcings ({string.Join(", ", Forcings)}).");
    }
}
