using System.Linq;
using System.Reflection;

namespace DeltaModel.Core.Tensors;

/// <summary>Facts about this build, stamped by MSBuild.</summary>
public static class BuildInfo
{
    static readonly Assembly Self = typeof(BuildInfo).Assembly;

    /// <summary>The tensor backend this build references (<c>cpu</c> or <c>cuda</c>; build property <c>TorchBackend</c>).</summary>
    public static string TorchBackend { get; } =
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>Informational version of the DeltaModel assemblies.</summary>
    public static string Version { get; } =
        Self.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
