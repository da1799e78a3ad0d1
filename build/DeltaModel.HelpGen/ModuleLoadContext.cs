using System.Reflection;
using System.Runtime.Loader;

namespace DeltaModel.HelpGen;

/// <summary>
/// Loads the freshly compiled module with its compile references. Assemblies this tool can load itself (the runtime,
/// System.Management.Automation) come from the tool, so the module's attributes are the very types the reader
/// asks for; the module's own dependencies (DeltaModel.Core, YamlDotNet, …) come from the reference paths MSBuild
/// passes, since the compiled assembly still sits in obj/ without them.
/// </summary>
public sealed class ModuleLoadContext(IEnumerable<string> references) : AssemblyLoadContext("DeltaModel.HelpGen.Module")
{
    readonly Dictionary<string, string> paths = references
        .Where(File.Exists)
        .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    protected override Assembly? Load(AssemblyName name)
    {
        try { return Default.LoadFromAssemblyName(name); }
        catch (FileNotFoundException) { }
        return name.Name is { } simple && paths.TryGetValue(simple, out var path) ? LoadFromAssemblyPath(path) : null;
    }
}
