using DeltaModel.Models.Plugins;

namespace DeltaModel.Models.Tests.Plugins;

/// <summary>The plug-in sample (samples/DeltaModel.Samples.Bucket), built with the tests and loaded as a plug-in from their folder.</summary>
internal static class SamplePlugin
{
    /// <summary>The sample's model name.</summary>
    public const string ModelName = "leaky_bucket";

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "DeltaModel.Samples.Bucket.dll");

    /// <summary>Registers the sample's model (once per test process).</summary>
    public static void EnsureLoaded() => PluginLoader.Load(AssemblyPath);
}
