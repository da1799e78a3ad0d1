using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Losses;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Plugins;

/// <summary>
/// The registries a plug-in adds to, in one place: each call forwards to the registry that owns the kind
/// (<see cref="ModelRegistry"/>, <see cref="NetworkRegistry"/>, <see cref="LossRegistry"/>, <see cref="DatasetFormats"/>)
/// and records the name, so the run log can say what each plug-in brought.
/// </summary>
public sealed class PluginRegistrar
{
    readonly List<string> added = [];

    internal PluginRegistrar() { }

    /// <summary>What was registered so far, as "kind name" (e.g. <c>physics linear_bucket</c>).</summary>
    public IReadOnlyList<string> Added => added;

    /// <summary>A physics model configs name in <c>model.physics.name</c>.</summary>
    public PluginRegistrar Physics(string name, Func<PhysicsOptions, IPhysicsModel> create)
    {
        ModelRegistry.RegisterPhysics(name, create);
        added.Add($"physics {name}");
        return this;
    }

    /// <summary>A network configs name in <c>model.nn.name</c>; <paramref name="keys"/> as in <see cref="NetworkRegistry.Register"/>.</summary>
    public PluginRegistrar Network(string name, NetworkRegistry.Factory create, Type? keys = null)
    {
        NetworkRegistry.Register(name, create, keys);
        added.Add($"network {name}");
        return this;
    }

    /// <summary>A loss configs name in <c>train.loss.name</c>.</summary>
    public PluginRegistrar Loss(string name, Func<LossConfig, ILoss> create)
    {
        LossRegistry.Register(name, create);
        added.Add($"loss {name}");
        return this;
    }

    /// <summary>A dataset layout configs name in <c>data.format</c> (and that folder detection recognises).</summary>
    public PluginRegistrar DatasetFormat(IDatasetFormat format)
    {
        DatasetFormats.Register(format);
        added.Add($"format {format.Name}");
        return this;
    }
}
