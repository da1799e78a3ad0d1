using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// The ASP.NET Core shared framework for Start-DeltaBuilder. pwsh runs on <c>Microsoft.NETCore.App</c> alone, so the
/// <c>Microsoft.AspNetCore.App</c> framework installed beside it (every .NET SDK and the ASP.NET Core runtime bring it)
/// is not on its probing path; a module cannot carry it either (it is never published with an app). Assemblies the
/// default context cannot find are looked up there, only after every other resolver failed.
/// </summary>
internal static class AspNetCoreFramework
{
    const string Name = "Microsoft.AspNetCore.App";

    /// <summary>The framework's folder for this runtime's major version (the highest installed), or null.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>What to install when <see cref="Folder"/> is null.</summary>
    public static string Missing =>
        $"Start-DeltaBuilder needs the ASP.NET Core {Environment.Version.Major} runtime ({Name}), which was not found beside this " +
        $"PowerShell's .NET ({RuntimeEnvironment.GetRuntimeDirectory()}) nor under DOTNET_ROOT. Install the .NET SDK or the " +
        $"ASP.NET Core runtime {Environment.Version.Major}, or run 'deltamodel gui' instead.";

    static int registered;

    /// <summary>Adds the lookup once per process (a module may be imported again with -Force).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0) AssemblyLoadContext.Default.Resolving += Resolve;
    }

    static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (Folder is null || name.Name is null) return null;
        var file = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
    }

    static string? Find()
    {
        // .../shared/Microsoft.NETCore.App/<version>/ → .../shared/; a self-contained pwsh has no shared folder of its own.
        var roots = new[]
        {
            Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..")),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, "shared") : null,
        };
        var major = Environment.Version.Major;
        return roots.OfType<string>()
            .Select(r => Path.Combine(r, Name))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version?.Major == major && File.Exists(Path.Combine(d.Folder, "Microsoft.AspNetCore.dll")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Folder)
            .FirstOrDefault();
    }
}
