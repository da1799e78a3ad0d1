namespace DeltaModel.Core.Configuration;

/// <summary>
/// What the plug-ins (networks, physics models) add to loading a config: which record holds the keys of each, by
/// section and plug-in name (case-insensitive), and the checks only they can make. The layer that owns the plug-ins
/// (DeltaModel.Models' registries) fills it and hands it to <see cref="ExperimentConfig.Load"/>.
/// </summary>
public sealed class ConfigPlugins
{
    readonly Dictionary<Type, Dictionary<string, Type>> bySection = [];
    readonly List<Action<ExperimentConfig, ConfigErrors>> checks = [];
    Func<string, bool>? assemblyLoader;

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

    /// <summary>
    /// Sets how the assemblies of the config's <c>plugins</c> key are loaded: <paramref name="load"/> registers the
    /// plug-ins of one assembly (full path) and returns whether it was new; it throws <see cref="ArgumentException"/>
    /// with the reason when the assembly or a type in it is unusable.
    /// </summary>
    public ConfigPlugins WithAssemblyLoader(Func<string, bool> load)
    {
        assemblyLoader = load;
        return this;
    }

    /// <summary>Loads each of <paramref name="paths"/> (key <c>plugins[i]</c>); problems go to <paramref name="errors"/>.</summary>
    /// <returns>Whether any assembly was loaded for the first time (so the file is read again with its names known).</returns>
    public bool LoadAssemblies(IReadOnlyList<string> paths, ConfigErrors errors)
    {
        if (assemblyLoader is null)
        {
            errors.Add("plugins", "'plugins': this program cannot load plug-in assemblies (no loader was given to the config reader).");
            return false;
        }
        bool any = false;
        for (int i = 0; i < paths.Count; i++)
        {
            try
            {
                any |= assemblyLoader(paths[i]);
            }
            catch (ArgumentException e)
            {
                errors.Add($"plugins[{i}]", $"'plugins[{i}]' {paths[i]}: {e.Message}");
            }
        }
        return any;
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
