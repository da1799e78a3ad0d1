namespace DeltaModel.Core.Configuration;

/// <summary>
/// Overrides the YAML key of a config property (default: the property name in snake_case) and may give aliases
/// accepted for compatibility, e.g. δMG's names.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigKeyAttribute(string key, params string[] aliases) : Attribute
{
    public string Key { get; } = key;
    public IReadOnlyList<string> Aliases { get; } = aliases;
}

/// <summary>Marks a string property (or a list of strings) as file-system paths: relative values are resolved against the config file's folder.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigPathAttribute : Attribute;

/// <summary>
/// A key written back (resolved config, config hash) only when it has a value: for sections added after experiments
/// were run, so that leaving them out keeps those experiments' config hash, and so their checkpoints.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigOmitWhenNullAttribute : Attribute;

/// <summary>A property of a config record that is not a YAML key (run-time bookkeeping).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigIgnoreAttribute : Attribute;

/// <summary>
/// Marks the property of a section that holds its plug-in's keys (an <see cref="IPluginConfig{TSection}"/>); the
/// property named <see cref="Selector"/> holds the plug-in's name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigPluginKeysAttribute(string selector) : Attribute
{
    public string Selector { get; } = selector;
}
