namespace DeltaModel.Models.Plugins;

/// <summary>
/// What an assembly outside DeltaModel implements to add physics models, networks, losses or dataset formats: a public
/// class with a parameterless constructor. The config's <c>plugins</c> key (or a program, with
/// <see cref="PluginLoader.Register"/>) makes DeltaModel call <see cref="Register"/> once. docs/plugins.md has the steps.
/// </summary>
public interface IDeltaModelPlugin
{
    /// <summary>Registers the plug-in's names; each must be new (a clash with a built-in or another plug-in is an error).</summary>
    void Register(PluginRegistrar registrar);
}
