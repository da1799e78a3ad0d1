using System.Reflection;
using System.Runtime.Loader;

namespace DeltaModel.Models.Plugins;

/// <summary>
/// The load context of one plug-in assembly. Whatever the host can load itself (DeltaModel.*, TorchSharp, the
/// framework) comes from the host, so the plug-in's classes implement the host's very <see cref="IDeltaModelPlugin"/>
/// and <c>IPhysicsModel</c> types even when copies of those assemblies sit beside the plug-in; anything else the
/// plug-in depends on is found through its <c>.deps.json</c>, as the .NET plug-in pattern prescribes.
/// </summary>
sealed class PluginLoadContext(string path) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(path))
{
    readonly AssemblyDependencyResolver resolver = new(path);

    protected override Assembly? Load(AssemblyName name)
    {
        try
        {
            return Default.LoadFromAssemblyName(name);
        }
        catch (FileNotFoundException)
        {
            return resolver.ResolveAssemblyToPath(name) is { } own ? LoadFromAssemblyPath(own) : null;
        }
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } own ? LoadUnmanagedDllFromPath(own) : IntPtr.Zero;
}
