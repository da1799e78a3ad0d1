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
