using DeltaModel.Core.Configuration;

namespace DeltaModel.Models.Neural;

/// <summary>Networks by config name (<c>model.nn.name</c>). A new network is one class plus one line here.</summary>
public static class NetworkRegistry
{
    delegate ISequenceNetwork Factory(NeuralNetworkConfig config, long inputs, long outputs);

    static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lstm"] = (c, i, o) => new LstmNetwork(i, c.HiddenSize, o, c.Dropout),
        ["mlp"] = (c, i, o) => new MlpNetwork(i, c.HiddenSize, o, hiddenLayers: 2, dropout: c.Dropout),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones).</exception>
    public static ISequenceNetwork Create(NeuralNetworkConfig config, long inputs, long outputs) =>
        Factories.TryGetValue(config.Name, out var create)
            ? create(config, inputs, outputs)
            : throw new ArgumentException(
                $"'model.nn.name': unknown network '{config.Name}'{Core.Configuration.Names.DidYouMean(config.Name, Factories.Keys)}; " +
                $"known: {string.Join(", ", Factories.Keys)}.");
}
