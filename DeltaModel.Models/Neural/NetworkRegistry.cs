using DeltaModel.Core.Configuration;

namespace DeltaModel.Models.Neural;

/// <summary>Networks by config name (<c>model.nn.name</c>). A new network is one class plus one line here.</summary>
public static class NetworkRegistry
{
    delegate ISequenceNetwork Factory(NeuralNetworkConfig config, NetworkLayout layout);

    static readonly Dictionary<string, Factory> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lstm"] = (c, l) => new LstmNetwork(l.Inputs, c.HiddenSize, l.Outputs, c.Dropout, dynamicOutputs: l.DynamicOutputs),
        ["mlp"] = (c, l) => new MlpNetwork(l.Inputs, c.HiddenSize, l.Outputs, hiddenLayers: 2, dropout: c.Dropout),
        ["lstm_mlp"] = (c, l) => LstmMlpNetwork.For(c, l),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A network whose every output channel is read per day and that needs no attribute layout.</summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones).</exception>
    public static ISequenceNetwork Create(NeuralNetworkConfig config, long inputs, long outputs) =>
        Create(config, new NetworkLayout(inputs, outputs));

    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones), or a layout the network cannot serve.</exception>
    public static ISequenceNetwork Create(NeuralNetworkConfig config, NetworkLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        return Factories.TryGetValue(config.Name, out var create)
            ? create(config, layout)
            : throw new ArgumentException(
                $"'model.nn.name': unknown network '{config.Name}'{Core.Configuration.Names.DidYouMean(config.Name, Factories.Keys)}; " +
                $"known: {string.Join(", ", Factories.Keys)}.");
    }
}
