namespace DeltaModel.Builder;

/// <summary>
/// The one folder the builder reads and writes. Every path from a request is relative to it and must stay inside it
/// after <c>..</c> is resolved and after every symbolic link on the way is followed, so neither <c>../..</c> nor a link
/// pointing out of the workspace reaches another file.
/// </summary>
public sealed class WorkspaceFolder
{
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public WorkspaceFolder(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"workspace folder '{full}' does not exist.");
        Root = RealPath(full);
    }

    /// <summary>The workspace's absolute path, links resolved.</summary>
    public string Root { get; }

    /// <summary>The absolute path of <paramref name="relative"/> inside the workspace.</summary>
    /// <exception cref="BuilderException">403 when the path leaves the workspace (directly or through a link); 400 when empty.</exception>
    public string Resolve(string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative)) throw BuilderException.BadRequest("a path inside the workspace is required.");
        if (Path.IsPathRooted(relative)) throw Outside(relative);
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!Holds(full)) throw Outside(relative);
        return full;
    }

    /// <summary>Whether an absolute path lies in the workspace both as written and with every link on the way followed.</summary>
    public bool Holds(string fullPath) => IsInside(fullPath) && IsInside(RealPath(fullPath));

    /// <summary>Whether an absolute path lies in the workspace (links not followed).</summary>
    public bool IsInside(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The workspace-relative form of an absolute path inside it, with '/' separators.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    BuilderException Outside(string relative) =>
        BuilderException.Forbidden($"path '{relative}' is outside the workspace {Root}; the builder reads and writes only inside it.");

    /// <summary>
    /// <paramref name="full"/> with every existing link on the way replaced by its final target (the part that does not
    /// exist yet is kept as written), so a link to a folder outside shows as that folder.
    /// </summary>
    static string RealPath(string full)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
                next = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            current = next;
        }
        return current;
    }
}
