namespace DeltaModel.Core.Data.Formats;

/// <summary>
/// The input-file listing the per-basin layouts share: every file below a folder whose name starts with a selected
/// gauge id, plus the tables every basin reads. Used by <see cref="IDatasetFormat.InputFiles"/> implementations.
/// </summary>
public static class DatasetFiles
{
    /// <summary>
    /// Files below <paramref name="folder"/> that belong to a basin of <paramref name="basins"/> (all files when null)
    /// or are shared tables, plus every file below <paramref name="attributesPath"/>. Absolute, sorted; missing folders
    /// contribute nothing.
    /// </summary>
    public static IReadOnlyList<string> OfBasins(string folder, BasinSelection? basins, Func<string, bool> isSharedTable, string? attributesPath)
    {
        var selected = basins?.Ids.ToHashSet(StringComparer.Ordinal);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Below(folder))
        {
            var name = Path.GetFileName(file);
            if (selected is null || isSharedTable(name) || selected.Contains(BasinIdIn(name))) files.Add(file);
        }
        if (attributesPath is not null) files.UnionWith(Below(attributesPath));
        return files.ToList();
    }

    static IEnumerable<string> Below(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(Path.GetFullPath(folder), "*", SearchOption.AllDirectories)
            : [];

    /// <summary>The leading run of digits of a file name (CAMELS and Caravan files start with the 8-digit gauge id).</summary>
    static string BasinIdIn(string fileName)
    {
        int n = 0;
        while (n < fileName.Length && char.IsAsciiDigit(fileName[n])) n++;
        return fileName[..n];
    }
}
