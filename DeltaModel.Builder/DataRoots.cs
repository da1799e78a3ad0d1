namespace DeltaModel.Builder;

/// <summary>
/// The folders whose datasets the page may read to list their basins: the workspace and the data roots the builder was
/// started with (<c>--data-root</c>). A dataset folder must lie inside one of them as written and with every symbolic
/// link followed, as for <see cref="WorkspaceFolder"/>.
/// </summary>
public sealed class DataRoots
{
    readonly IReadOnlyList<WorkspaceFolder> roots;

    /// <exception cref="DirectoryNotFoundException">A data root does not exist.</exception>
    public DataRoots(WorkspaceFolder workspace, IEnumerable<string> extra) => roots = [workspace, .. extra.Select(r => new WorkspaceFolder(r))];

    /// <summary><paramref name="fullPath"/>, when it lies in the workspace or a data root.</summary>
    /// <param name="key">What named the path (<c>data.path</c>), for the message.</param>
    /// <exception cref="BuilderException">403 otherwise, naming the allowed folders and how to add one.</exception>
    public string Check(string fullPath, string key) =>
        roots.Any(r => r.Holds(fullPath)) ? fullPath : throw BuilderException.Forbidden(
            $"{key} {fullPath} is outside the workspace and the data roots ({string.Join(", ", roots.Select(r => r.Root))}); " +
            "the builder reads only there. Start it with --data-root <folder> (Start-DeltaBuilder -DataRoot) to let it read that dataset.");
}
