using DeltaModel.Models.Plugins;

namespace DeltaModel.Samples.Bucket;

/// <summary>What DeltaModel calls when an experiment names this assembly in <c>plugins:</c>: registers the bucket model.</summary>
public sealed class BucketPlugin : IDeltaModelPlugin
{
    public void Register(PluginRegistrar registrar) => registrar.Physics(LeakyBucket.RegistryName, options => new LeakyBucket(options));
}
