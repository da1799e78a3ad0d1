using DeltaModel.Core.Configuration;

namespace DeltaModel.Models.Neural;

/// <summary>
/// Networks by config name (<c>model.nn.name</c>). A new network is one class plus one line here, or one
/// <see cref="Register"/> call from a plug-in (docs/plugins.md); a network with keys of its own names their record (an
/// <see cref="IPluginConfig{NeuralNetworkConfig}"/>), which binds and checks them.
/// </summary>
public static class NetworkRegistry
{
    /// <summary>Builds a network for the <c>model.nn</c> section and the layout its model asks for.</summary>
    public delegate ISequenceNetwork Factory(NeuralNetworkConfig config, NetworkLayout layout);

    sealed record Entry(Factory Create, Type? Keys = null);

    static readonly Lock registering = new();

    // Replaced, never changed, by Register: readers need no lock.
    static Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lstm"] = new((c, l) => new LstmNetwork(l.Inputs, c.HiddenSize, l.Outputs, c.Dropout, dynamicOutputs: l.DynamicOutputs, recomputeSegments: c.RecomputeSegments)),
        ["mlp"] = new((c, l) => new MlpNetwork(l.Inputs, c.HiddenSize, l.Outputs, hiddenLayers: 2, dropout: c.Dropout)),
        ["lstm_mlp"] = new((c, l) => LstmMlpNetwork.For(c, OptionsOf<LstmMlpOptions>(c), l), typeof(LstmMlpOptions)),
    };

    public static IReadOnlyCollection<string> Names => Entries.Keys;

    /// <summary>Adds a network under <paramref name="name"/> (a plug-in's, docs/plugins.md).</summary>
    /// <param name="keys">The record of the keys it adds to <c>model.nn</c> (an <see cref="IPluginConfig{NeuralNetworkConfig}"/>
    /// with a parameterless constructor, read with <see cref="WithOwnKeys"/>); null = none.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered, or <paramref name="keys"/> is not such a record.</exception>
    public static void Register(string name, Factory create, Type? keys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (registering)
        {
            if (Entries.ContainsKey(name)) throw new ArgumentException($"a network named '{name}' is already registered.", nameof(name));
            if (keys is not null) ModelRegistry.ConfigPlugins.Add(typeof(NeuralNetworkConfig), name, keys);
            Entries = new Dictionary<string, Entry>(Entries, StringComparer.OrdinalIgnoreCase) { [name] = new(create, keys) };
        }
    }

    /// <summary>Adds each network's own keys of <c>model.nn</c> to <paramref name="plugins"/>.</summary>
    internal static ConfigPlugins AddKeysTo(ConfigPlugins plugins)
    {
        foreach (var (name, entry) in Entries.Where(e => e.Value.Keys is not null))
            plugins.Add(typeof(NeuralNetworkConfig), name, entry.Keys!);
        return plugins;
    }

    /// <summary>
    /// <paramref name="config"/> with its network's own keys filled in (their defaults when none were given in code),
    /// so that <see cref="NeuralNetworkConfig.Validate"/> checks them as a loaded file's are.
    /// </summary>
    public static NeuralNetworkConfig WithOwnKeys(NeuralNetworkConfig config) =>
        config.Options is null && Entries.TryGetValue(config.Name, out var entry) && entry.Keys is { } keys
            ? config with { Options = (IPluginConfig<NeuralNetworkConfig>)Activator.CreateInstance(keys)! }
            : config;

    /// <summary>A network whose every output channel is read per day and that needs no attribute layout.</summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones).</exception>
    public static ISequenceNetwork Create(NeuralNetworkConfig config, long inputs, long outputs) =>
        Create(config, new NetworkLayout(inputs, outputs));

    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones), or a layout the network cannot serve.</exception>
    public static ISequenceNetwork Create(NeuralNetworkConfig config, NetworkLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        return Entries.TryGetValue(config.Name, out var entry)
            ? entry.Create(config, layout)
            : throw new ArgumentException(
                $"'model.nn.name': unknown network '{config.Name}'{Core.Configuration.Names.DidYouMean(config.Name, Entries.Keys)}; " +
                $"known: {string.Join(", ", Entries.Keys)}.");
    }

    /// <summary>The network's own keys in <paramref name="config"/>, or their defaults when none were given in code.</summary>
    static T OptionsOf<T>(NeuralNetworkConfig config) where T : class, IPluginConfig<NeuralNetworkConfig>, new() => config.Options switch
    {
        null => new T(),
        T own => own,
        var other => throw new ArgumentException($"'model.nn': network '{config.Name}' reads keys of type {typeof(T).Name}, not {other.GetType().Name}."),
    };
}
