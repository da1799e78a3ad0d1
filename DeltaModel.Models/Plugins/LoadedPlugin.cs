namespace DeltaModel.Models.Plugins;

/// <summary>One registered plug-in: its type, the assembly file it came from (null when a program registered it) and what it added.</summary>
/// <param name="Added">As <see cref="PluginRegistrar.Added"/>: "kind name" per registration.</param>
public sealed record LoadedPlugin(string TypeName, string? AssemblyPath, IReadOnlyList<string> Added)
{
    /// <summary>One line for logs: <c>plug-in My.Models.BucketPlugin (…/My.Models.dll): physics linear_bucket</c>.</summary>
    public override string ToString() =>
        $"plug-in {TypeName}{(AssemblyPath is null ? "" : $" ({AssemblyPath})")}: {(Added.Count == 0 ? "nothing registered" : string.Join(", ", Added))}";
}
