using DeltaModel.Core.Configuration;

namespace DeltaModel.Models.Neural;

/// <summary>The keys network <c>lstm_mlp</c> adds to section <c>model.nn</c>: its MLP branch.</summary>
public sealed record LstmMlpOptions : IPluginConfig<NeuralNetworkConfig>
{
    /// <summary>
    /// Width of the MLP branch (static and routing parameters from the attributes). δMG's example uses 4096 (≈101 M
    /// weights for ~100 outputs); 256 keeps the network small. Range: ≥ 1.
    /// </summary>
    public int MlpHiddenSize { get; init; } = 256;

    /// <summary>Hidden layers of the MLP branch (δMG's AnnModel: 7). Range: ≥ 1.</summary>
    public int MlpLayers { get; init; } = 7;

    /// <summary>Activation dropout after each hidden MLP layer, training only (δMG: 0.5). Range: [0, 1).</summary>
    public double MlpDropout { get; init; } = 0.5;

    public void Validate(NeuralNetworkConfig section, ConfigErrors errors, string path)
    {
        if (MlpHiddenSize < 1) errors.Expected($"{path}.mlp_hidden_size", "an integer ≥ 1", MlpHiddenSize);
        if (MlpLayers < 1) errors.Expected($"{path}.mlp_layers", "an integer ≥ 1", MlpLayers);
        if (MlpDropout is < 0 or >= 1) errors.Expected($"{path}.mlp_dropout", "a number in [0, 1)", MlpDropout);
        if (section.Attributes.Count == 0)
            errors.Add($"{path}.attributes", $"'{path}.attributes': network 'lstm_mlp' reads the static attributes in its MLP branch; list at least one.");
    }
}
