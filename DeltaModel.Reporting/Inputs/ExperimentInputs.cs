using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
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
    /// Lists the basin file, the fold files of section <c>folds</c>, and what the dataset format (<c>data.format</c>, see <see cref="DatasetFormats"/>) says a
    /// load of the experiment's basins reads (every basin's files when no basins are named). Paths are absolute;
    /// missing ones are left out (the runner reports them).
    /// </summary>
    /// <param name="experimentFile">The experiment.yaml.</param>
    /// <param name="dataPathOverride">Replaces <c>data.path</c> (what <c>--set data.path=…</c> will pass to the runner).</param>
    public static IReadOnlyList<string> Resolve(string experimentFile, string? dataPathOverride = null)
    {
        var yaml = Path.GetFullPath(experimentFile);
        var folder = Path.GetDirectoryName(yaml)!;
        var top = Root(yaml);
        var data = Section(top, "data");
        string? Get(string key) => Setting(data, key);
        string? Resolve(string? p) => FullPath(folder, p);

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var basinFile = Resolve(Get("basin_file"));
        var basins = new List<string>();
        if (basinFile is not null && File.Exists(basinFile))
        {
            files.Add(basinFile);
            basins.AddRange(Lenient(() => BasinSelection.FromFile(basinFile).Ids) ?? []);
        }
        if (data is not null && data.Children.TryGetValue(new YamlScalarNode("basins"), out var list) && list is YamlSequenceNode seq)
            foreach (var n in seq.Children.OfType<YamlScalarNode>()) if (n.Value is { Length: > 0 } id) basins.Add(id);

        // The committed fold files decide which basins each fold trains on: editing one re-runs the experiment.
        if (Resolve(Setting(Section(top, "folds"), "folder")) is { } foldFolder && Directory.Exists(foldFolder))
            files.UnionWith(Directory.GetFiles(foldFolder, $"{FoldsConfig.FilePrefix}*.txt").Select(Path.GetFullPath));

        var root = Resolve(dataPathOverride) ?? Resolve(Get("path"));
        var format = DatasetFormats.Get(Get("format") ?? ExperimentDataLocation.DefaultFormat);
        if (root is not null)
            files.UnionWith(format.InputFiles(root, new DatasetRequest
            {
                Basins = Selection(basins), AttributesPath = Resolve(Get("attributes_path")), ForcingSource = Get("forcing_source"),
            }));
        return files.ToList();
    }

    /// <summary>Where an experiment's data lies (<c>data.format</c>, <c>data.path</c>, <c>data.attributes_path</c>,
    /// paths absolute), read as leniently as <see cref="Resolve"/>: for the workspace's check that the data is there.</summary>
    public static ExperimentDataLocation Locate(string experimentFile)
    {
        var yaml = Path.GetFullPath(experimentFile);
        var folder = Path.GetDirectoryName(yaml)!;
        var data = Section(Root(yaml), "data");
        return new ExperimentDataLocation(Setting(data, "format") ?? ExperimentDataLocation.DefaultFormat,
            FullPath(folder, Setting(data, "path")), FullPath(folder, Setting(data, "attributes_path")));
    }

    static string? Setting(YamlMappingNode? data, string key) =>
        data is not null && data.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s ? s.Value : null;

    static string? FullPath(string folder, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(Path.Combine(folder, path));

    /// <summary>The named basins; null (every basin's files) when none are named or the list is not valid, which the run itself reports.</summary>
    static BasinSelection? Selection(List<string> ids) => ids.Count == 0 ? null : Lenient(() => BasinSelection.FromIds(ids));

    /// <summary>The value, or null where the basin list is not valid: the run reports that with its line, not this check.</summary>
    static T? Lenient<T>(Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (DataException)
        {
            return null;
        }
    }

    static YamlMappingNode? Section(YamlMappingNode? root, string name) =>
        root is not null && root.Children.TryGetValue(new YamlScalarNode(name), out var d) ? d as YamlMappingNode : null;

    static YamlMappingNode? Root(string yaml)
    {
        if (!File.Exists(yaml)) throw new FileNotFoundException($"{yaml}: experiment file not found.", yaml);
        return YamlFile.ReadRoot(yaml) as YamlMappingNode;
    }
}
