using System.Reflection;

namespace DeltaModel.Models.Plugins;

/// <summary>
/// Registers plug-ins: those of an assembly file (the config's <c>plugins</c> key; loaded into its own
/// <see cref="PluginLoadContext"/>), or one a program that references the plug-in's assembly hands over. Each assembly
/// (by its full name: copies of one build at several paths count once) and each plug-in type is registered once per
/// process, however often it is named.
/// </summary>
public static class PluginLoader
{
    static readonly Lock loading = new();
    static readonly Dictionary<string, Assembly> assemblies = new(StringComparer.Ordinal);   // by full path
    static readonly HashSet<Type> registered = [];
    static readonly List<LoadedPlugin> plugins = [];

    /// <summary>Every plug-in registered in this process, in order.</summary>
    public static IReadOnlyList<LoadedPlugin> Loaded
    {
        get { lock (loading) return [.. plugins]; }
    }

    /// <summary>
    /// Loads the assembly at <paramref name="path"/> and registers every public <see cref="IDeltaModelPlugin"/> class in it.
    /// </summary>
    /// <returns>Whether the assembly was new (false: it was loaded before, nothing changed).</returns>
    /// <exception cref="ArgumentException">The file is missing or not a .NET assembly, it holds no plug-in, a plug-in type
    /// cannot be created, or a name it registers is taken. The message says which and what to do.</exception>
    public static bool Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        lock (loading)
        {
            if (assemblies.ContainsKey(full)) return false;
            if (!File.Exists(full))
                throw new ArgumentException("file not found; build the plug-in project (dotnet build -c Release) and name the .dll it writes, relative to the experiment file.");
            // A copy of an assembly already loaded (an experiment folder's copy of the same build) is the same plug-in:
            // registering it again would only clash with itself.
            var name = NameOf(full);
            if (assemblies.Values.FirstOrDefault(a => a.FullName == name.FullName) is { } same)
            {
                assemblies[full] = same;
                return false;
            }
            var assembly = LoadAssembly(full);
            var types = PluginTypes(assembly);
            if (types.Count == 0)
                throw new ArgumentException($"assembly {assembly.GetName().Name} has no public, non-abstract class implementing {typeof(IDeltaModelPlugin).FullName}; " +
                                            "add one whose Register method registers the plug-in's models (docs/plugins.md).");
            assemblies[full] = assembly;
            foreach (var type in types) RegisterLocked(Create(type), full);
            return true;
        }
    }

    /// <summary>Registers <paramref name="plugin"/> (from an assembly the program references); a second call for its type does nothing.</summary>
    /// <returns>What it registered, or the earlier registration of its type.</returns>
    /// <exception cref="ArgumentException">A name it registers is taken.</exception>
    public static LoadedPlugin Register(IDeltaModelPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        lock (loading)
            return registered.Contains(plugin.GetType())
                ? plugins.First(p => p.TypeName == plugin.GetType().FullName)
                : RegisterLocked(plugin, assemblyPath: null);
    }

    static LoadedPlugin RegisterLocked(IDeltaModelPlugin plugin, string? assemblyPath)
    {
        var type = plugin.GetType();
        var registrar = new PluginRegistrar();
        try
        {
            plugin.Register(registrar);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"plug-in {type.FullName}: {e.Message}" +
                                        (registrar.Added.Count > 0 ? $" (registered before the failure: {string.Join(", ", registrar.Added)})" : ""), e);
        }
        registered.Add(type);
        var loaded = new LoadedPlugin(type.FullName ?? type.Name, assemblyPath, registrar.Added);
        plugins.Add(loaded);
        return loaded;
    }

    static AssemblyName NameOf(string full)
    {
        try
        {
            return AssemblyName.GetAssemblyName(full);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException("not a .NET assembly; name the .dll a .NET class-library project builds (docs/plugins.md).");
        }
    }

    static Assembly LoadAssembly(string full)
    {
        try
        {
            return new PluginLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException)
        {
            throw new ArgumentException("not a .NET assembly; name the .dll a .NET class-library project builds (docs/plugins.md).");
        }
        catch (FileLoadException e)
        {
            throw new ArgumentException($"the assembly cannot be loaded: {e.Message}");
        }
    }

    static List<Type> PluginTypes(Assembly assembly)
    {
        try
        {
            return [.. assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeltaModelPlugin).IsAssignableFrom(t))];
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new ArgumentException($"the types of assembly {assembly.GetName().Name} cannot be read ({e.Message}); " +
                                        "was it built against this version of DeltaModel, with its dependencies beside it?");
        }
    }

    static IDeltaModelPlugin Create(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException($"plug-in class {type.FullName} needs a public parameterless constructor.");
        try
        {
            return (IDeltaModelPlugin)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new ArgumentException($"plug-in class {type.FullName} threw while being created: {e.InnerException?.Message}");
        }
    }
}
