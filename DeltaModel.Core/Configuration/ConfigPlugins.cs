namespace DeltaModel.Core.Configuration;

/// <summary>
/// Keys that a plug-in — the network <c>model.nn.name</c> picks, say — adds to a config section. Written at the
/// section's own level in YAML, bound to the plug-in's record (listed in <see cref="ConfigPlugins"/>) and checked by it
/// together with the section it extends, so Core knows no particular network or model.
/// </summary>
/// <typeparam name="TSection">The section the keys extend.</typeparam>
public interface IPluginConfig<in TSection>
{
    /// <summary>Adds every problem to <paramref name="errors"/>; <paramref name="path"/> is the section's dotted key.</summary>
    void Validate(TSection section, ConfigErrors errors, string path);
}

/// <summary>
/// Marks the property of a section that holds its plug-in's keys (an <see cref="IPluginConfig{TSection}"/>); the
/// property named <see cref="Selector"/> holds the plug-in's name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigPluginKeysAttribute(string selector) : Attribute
{
    public string Selector { get; } = selector;
}

/// <summary>
/// Which record holds the keys of each plug-in, by section and plug-in name (case-insensitive). The layer that owns
/// the plug-ins (the network registry) fills it and hands it to <see cref="ExperimentConfig.Load"/>.
/// </summary>
public sealed class ConfigPlugins
{
    readonly Dictionary<Type, Dictionary<string, Type>> bySection = [];
    readonly List<Action<ExperimentConfig, ConfigErrors>> checks = [];

    /// <summary>No plug-in adds keys: every key a section does not declare is unknown.</summary>
    public static ConfigPlugins None { get; } = new();

    /// <summary>Plug-in <paramref name="name"/> of section <typeparamref name="TSection"/> adds the keys of <typeparamref name="TKeys"/>.</summary>
    public ConfigPlugins Add<TSection, TKeys>(string name) where TKeys : class, IPluginConfig<TSection>, new() =>
        Add(typeof(TSection), name, typeof(TKeys));

    /// <summary>Plug-in <paramref name="name"/> of <paramref name="section"/> adds the keys of <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is not a record of keys for <paramref name="section"/>.</exception>
    public ConfigPlugins Add(Type section, string name, Type keys)
    {
        if (!typeof(IPluginConfig<>).MakeGenericType(section).IsAssignableFrom(keys) || keys.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException($"{keys.Name} must implement IPluginConfig<{section.Name}> and have a parameterless constructor.", nameof(keys));
        if (!bySection.TryGetValue(section, out var byName))
            bySection[section] = byName = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        byName.Add(name, keys);
        return this;
    }

    /// <summary>The record of plug-in <paramref name="name"/>'s keys in <paramref name="section"/>; null = it adds none.</summary>
    public Type? KeysOf(Type section, string? name) =>
        name is not null && bySection.TryGetValue(section, out var byName) && byName.TryGetValue(name, out var keys) ? keys : null;

    /// <summary>
    /// Adds a check that needs the plug-ins themselves (e.g. that the physics model a name picks exists and accepts its
    /// options), run by <see cref="ExperimentConfig.Load"/> once the file's own rules hold.
    /// </summary>
    public ConfigPlugins AddCheck(Action<ExperimentConfig, ConfigErrors> check)
    {
        checks.Add(check);
        return this;
    }

    /// <summary>Runs the checks added with <see cref="AddCheck"/>.</summary>
    public void Check(ExperimentConfig config, ConfigErrors errors)
    {
        foreach (var check in checks) check(config, errors);
    }

    /// <summary>Every plug-in of <paramref name="section"/> that adds keys, with the record holding them.</summary>
    public IEnumerable<(string Name, Type Keys)> Of(Type section) =>
        bySection.TryGetValue(section, out var byName) ? byName.Select(kv => (kv.Key, kv.Value)) : [];
}
