using YamlDotNet.RepresentationModel;

namespace DeltaModel.Reporting.Inputs;

/// <summary>
/// The data files an experiment reads, for Experiments.proj's incremental check (MSBuild compares timestamps of
/// Inputs and Outputs, so every file whose change should re-run the experiment must be listed). The experiment file is
/// read leniently (only <c>data.*</c> keys), because a full load validates paths that may not exist on this machine
/// (e.g. a CAMELS root given later with -p:CamelsRoot).
/// </summary>
public static class ExperimentInputs
{
    /// <summary>
    /// Lists the basin file, the attribute tables and the dataset files of the experiment's basins (files under
    /// <c>data.path</c> whose name holds a basin id; every file there when no basins are named). Paths are absolute;
    /// missing ones are left out (the runner reports them).
    /// </summary>
    /// <param name="experimentFile">The experiment.yaml.</param>
    /// <param name="dataPathOverride">Replaces <c>data.path</c> (what <c>--set data.path=…</c> will pass to the runner).</param>
    public static IReadOnlyList<string> Resolve(string experimentFile, string? dataPathOverride = null)
    {
        var yaml = Path.GetFullPath(experimentFile);
        var folder = Path.GetDirectoryName(yaml)!;
        var data = DataSection(yaml);
        string? Get(string key) => Setting(data, key);
        string? Resolve(string? p) => FullPath(folder, p);

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var basinFile = Resolve(Get("basin_file"));
        var basins = new HashSet<string>(StringComparer.Ordinal);
        if (basinFile is not null && File.Exists(basinFile))
        {
            files.Add(basinFile);
            foreach (var line in File.ReadLines(basinFile))
                if (line.Trim() is { Length: > 0 } id && !id.StartsWith('#')) basins.Add(id.Split([' ', '\t', ','])[0]);
        }
        if (data is not null && data.Children.TryGetValue(new YamlScalarNode("basins"), out var list) && list is YamlSequenceNode seq)
            foreach (var n in seq.Children.OfType<YamlScalarNode>()) if (n.Value is { Length: > 0 } id) basins.Add(id);

        var root = Resolve(dataPathOverride) ?? Resolve(Get("path"));
        if (root is not null && Directory.Exists(root))
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(f);
                if (basins.Count == 0 || IsAttributeTable(name) || basins.Contains(BasinIdIn(name))) files.Add(f);
            }
        var attributes = Resolve(Get("attributes_path"));
        if (attributes is not null && Directory.Exists(attributes))
            foreach (var f in Directory.EnumerateFiles(attributes, "*", SearchOption.AllDirectories)) files.Add(f);
        return files.ToList();
    }

    /// <summary>Where an experiment's data lies (<c>data.format</c>, <c>data.path</c>, <c>data.attributes_path</c>,
    /// paths absolute), read as leniently as <see cref="Resolve"/>: for the workspace's check that the data is there.</summary>
    public static ExperimentDataLocation Locate(string experimentFile)
    {
        var yaml = Path.GetFullPath(experimentFile);
        var folder = Path.GetDirectoryName(yaml)!;
        var data = DataSection(yaml);
        return new ExperimentDataLocation(Setting(data, "format") ?? ExperimentDataLocation.DefaultFormat,
            FullPath(folder, Setting(data, "path")), FullPath(folder, Setting(data, "attributes_path")));
    }

    static string? Setting(YamlMappingNode? data, string key) =>
        data is not null && data.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s ? s.Value : null;

    static string? FullPath(string folder, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(Path.Combine(folder, path));

    static bool IsAttributeTable(string fileName) =>
        fileName.StartsWith("camels_", StringComparison.OrdinalIgnoreCase) || fileName.Equals("catchments.csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The leading run of digits of a file name (CAMELS and Caravan files start with the 8-digit gauge id).</summary>
    static string BasinIdIn(string fileName)
    {
        int n = 0;
        while (n < fileName.Length && char.IsAsciiDigit(fileName[n])) n++;
        return fileName[..n];
    }

    static YamlMappingNode? DataSection(string yaml)
    {
        if (!File.Exists(yaml)) throw new FileNotFoundException($"{yaml}: experiment file not found.", yaml);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(yaml);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{yaml}:{e.Start.Line}: not valid YAML ({e.Message}).", e);
        }
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root &&
               root.Children.TryGetValue(new YamlScalarNode("data"), out var d) ? d as YamlMappingNode : null;
    }
}
