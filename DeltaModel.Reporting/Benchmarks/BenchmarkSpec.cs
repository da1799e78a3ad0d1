using System.Globalization;
using DeltaModel.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// What BENCHMARKS.md compares, read from a small committed file (<c>experiments/benchmarks.yaml</c>; docs/experiments.md,
/// "Benchmarks"), so experiment names live in data, not in code. Run names are experiment folders beside the file (their
/// <c>out/</c>, else their committed <c>results/</c>); a name holding a '/' is a run folder relative to the file
/// (an ensemble member: <c>caravan481-dhbv-ensemble/out/members/1</c>). Paths are relative to the file.
/// </summary>
public sealed record BenchmarkSpec
{
    /// <summary>The file read; paths and run names resolve against its folder.</summary>
    public required string Path { get; init; }
    /// <summary>Metrics compared, first = the one of the plots (default nse, kge).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = ["nse", "kge"];
    public ReferenceSpec? Reference { get; init; }
    /// <summary>Folder of CAMELS attribute tables holding gauge_lat and gauge_lon (for the difference maps); null = no maps.</summary>
    public string? Locations { get; init; }
    public IReadOnlyList<PairSpec> Pairs { get; init; } = [];
    public IReadOnlyList<EnsembleSpec> Ensembles { get; init; } = [];
    public IReadOnlyList<UntrainedSpec> Untrained { get; init; } = [];
    public IReadOnlyList<PublishedSpec> Published { get; init; } = [];
    public IReadOnlyList<BenchmarkTarget> Targets { get; init; } = [];

    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>Published per-basin skill on our split (<see cref="PublishedReference"/>) and the runs to compare with it.</summary>
    public sealed record ReferenceSpec(string Name, string Catalogue, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Runs);

    /// <summary>A paired comparison, model A minus model B per basin, within one test (temporal, PUB, extremes).</summary>
    public sealed record PairSpec(string Name, string A, string B);

    /// <summary>An ensemble run, compared with each of its own members (from its results.json) and with the other single
    /// runs named in <paramref name="Members"/> (optional, such as the single-seed run of the same configuration).</summary>
    public sealed record EnsembleSpec(string Name, string Ensemble, IReadOnlyList<string> Members);

    /// <summary>A physics run whose untrained outputs are checked against the observations (ET vs P − Q, BFI vs the filter).</summary>
    /// <param name="ForcingSource">CAMELS-US forcing product of <paramref name="Data"/> (nldas, daymet, …); null for other formats.</param>
    public sealed record UntrainedSpec(string Run, string Data, string Precipitation, string Evapotranspiration, string Baseflow, string Streamflow,
        string? ForcingSource = null, string? Attributes = null);

    /// <summary>A published CAMELS number, never mixed with ours: the forcing and basin set say why it is not comparable.</summary>
    public sealed record PublishedSpec(string Model, string Setting, string Metric, string Value, string Source, string Forcing, string Basins);

    /// <summary>Reads and checks the file.</summary>
    /// <exception cref="ArgumentException">Not such a file: names the file, line, key and what was expected.</exception>
    public static BenchmarkSpec Read(string path)
    {
        var root = Yaml.Root(path);
        var full = System.IO.Path.GetFullPath(path);
        string Resolve(string p) => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, p));
        var y = new Yaml(path);
        y.Keys(root, "metrics", "reference", "locations", "pairs", "ensembles", "untrained", "published", "targets");

        var spec = new BenchmarkSpec { Path = full };
        if (y.Optional(root, "metrics") is { } metrics) spec = spec with { Metrics = y.Strings(metrics, "metrics") };
        if (y.Optional(root, "reference") is { } r)
        {
            var m = y.Map(r, "reference");
            y.Keys(m, "name", "catalogue", "values", "runs");
            var values = y.Map(y.Required(m, "values", "reference"), "reference.values").Children
                .ToDictionary(kv => y.Text(kv.Key, "reference.values"), kv => Resolve(y.Text(kv.Value, "reference.values")), StringComparer.OrdinalIgnoreCase);
            spec = spec with
            {
                Reference = new ReferenceSpec(y.Text(y.Required(m, "name", "reference"), "reference.name"),
                    Resolve(y.Text(y.Required(m, "catalogue", "reference"), "reference.catalogue")), values,
                    y.Strings(y.Required(m, "runs", "reference"), "reference.runs")),
            };
        }
        if (y.Optional(root, "locations") is { } loc) spec = spec with { Locations = Resolve(y.Text(loc, "locations")) };
        spec = spec with
        {
            Pairs = y.Items(root, "pairs", (m, at) =>
            {
                y.Keys(m, "name", "a", "b");
                return new PairSpec(y.Field(m, "name", at), y.Field(m, "a", at), y.Field(m, "b", at));
            }),
            Ensembles = y.Items(root, "ensembles", (m, at) =>
            {
                y.Keys(m, "name", "ensemble", "members");
                return new EnsembleSpec(y.Field(m, "name", at), y.Field(m, "ensemble", at),
                    y.Optional(m, "members") is { } members ? y.Strings(members, $"{at}.members") : []);
            }),
            Untrained = y.Items(root, "untrained", (m, at) =>
            {
                y.Keys(m, "run", "data", "attributes", "forcing_source", "precipitation", "evapotranspiration", "baseflow", "streamflow");
                return new UntrainedSpec(y.Field(m, "run", at), Resolve(y.Field(m, "data", at)),
                    y.Field(m, "precipitation", at, "prcp"), y.Field(m, "evapotranspiration", at, "AET_hydro"),
                    y.Field(m, "baseflow", at, "gwflow"), y.Field(m, "streamflow", at, "streamflow"),
                    y.Optional(m, "forcing_source") is { } f ? y.Text(f, $"{at}.forcing_source") : null,
                    // Formats that derive PET need the attribute tables (latitude) even to read precipitation.
                    y.Optional(m, "attributes") is { } a ? Resolve(y.Text(a, $"{at}.attributes")) : null);
            }),
            Published = y.Items(root, "published", (m, at) =>
            {
                y.Keys(m, "model", "setting", "metric", "value", "source", "forcing", "basins");
                return new PublishedSpec(y.Field(m, "model", at), y.Field(m, "setting", at), y.Field(m, "metric", at, "median NSE"),
                    y.Field(m, "value", at), y.Field(m, "source", at), y.Field(m, "forcing", at), y.Field(m, "basins", at));
            }),
        };
        return spec with { Targets = y.Items(root, "targets", (m, at) => Target(y, m, at, spec)) };
    }

    static BenchmarkTarget Target(Yaml y, YamlMappingNode m, string at, BenchmarkSpec spec)
    {
        y.Keys(m, "claim", "metric", "at_least", "run", "pair", "reference", "why_missed");
        string? Optional(string key) => y.Optional(m, key) is { } node ? y.Text(node, $"{at}.{key}") : null;
        var target = new BenchmarkTarget(y.Field(m, "claim", at), y.Field(m, "metric", at, spec.Metrics[0]),
            y.Number(y.Required(m, "at_least", at), $"{at}.at_least"), Optional("run"), Optional("pair"), Optional("reference"), Optional("why_missed"));
        int measures = new[] { target.Run, target.Pair, target.Reference }.Count(x => x is not null);
        if (measures != 1)
            throw new ArgumentException($"{spec.Path}:{m.Start.Line}: '{at}' measures one thing: give exactly one of 'run', 'pair' or 'reference' (got {measures}).");
        if (target.Pair is { } pair && spec.Pairs.All(p => p.Name != pair))
            throw new ArgumentException($"{spec.Path}:{m.Start.Line}: '{at}.pair': no pair named '{pair}' in 'pairs' (names: {string.Join(", ", spec.Pairs.Select(p => p.Name))}).");
        if (target.Reference is not null && spec.Reference is null)
            throw new ArgumentException($"{spec.Path}:{m.Start.Line}: '{at}.reference' compares with the published reference, but the file has no 'reference' section.");
        if (!spec.Metrics.Contains(target.Metric, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"{spec.Path}:{m.Start.Line}: '{at}.metric': '{target.Metric}' is not one of the compared metrics ({string.Join(", ", spec.Metrics)}).");
        return target;
    }

    /// <summary>YAML access with errors that name the file, line and key.</summary>
    sealed class Yaml(string path)
    {
        public static YamlMappingNode Root(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: benchmarks file not found.", path);
            return YamlFile.ReadRoot(path) is YamlMappingNode root ? root
                : throw new ArgumentException($"{path}: expected a mapping with keys such as 'pairs:' and 'reference:' (docs/experiments.md, \"Benchmarks\").");
        }

        ArgumentException Error(YamlNode node, string key, string expected) =>
            new($"{path}:{node.Start.Line}: '{key}': expected {expected}, got '{(node is YamlScalarNode s ? s.Value : node.NodeType.ToString())}'.");

        public void Keys(YamlMappingNode map, params string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                    throw new ArgumentException($"{path}:{key.Start.Line}: unknown key '{name}'; expected one of {string.Join(", ", allowed)}.");
            }
        }

        public YamlNode? Optional(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) && !(node is YamlScalarNode { Value: null or "" or "~" or "null" }) ? node : null;

        public YamlNode Required(YamlMappingNode map, string key, string at) =>
            Optional(map, key) ?? throw new ArgumentException($"{path}:{map.Start.Line}: '{at}' needs the key '{key}'.");

        public YamlMappingNode Map(YamlNode node, string key) => node as YamlMappingNode ?? throw Error(node, key, "a mapping");

        public string Text(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, key, "a text");

        public double Number(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } v } && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d : throw Error(node, key, "a number, e.g. 0.55");

        public IReadOnlyList<string> Strings(YamlNode node, string key) => node is YamlSequenceNode seq
            ? seq.Children.Select(n => Text(n, key)).ToList()
            : throw Error(node, key, "a list, e.g. [a, b]");

        public string Field(YamlMappingNode map, string key, string at, string? fallback = null) =>
            Optional(map, key) is { } node ? Text(node, $"{at}.{key}")
            : fallback ?? throw new ArgumentException($"{path}:{map.Start.Line}: '{at}' needs the key '{key}'.");

        public IReadOnlyList<T> Items<T>(YamlMappingNode root, string key, Func<YamlMappingNode, string, T> item)
        {
            if (Optional(root, key) is not { } node) return [];
            if (node is not YamlSequenceNode seq) throw Error(node, key, "a list of mappings");
            return seq.Children.Select((n, i) => item(Map(n, $"{key}[{i}]"), $"{key}[{i}]")).ToList();
        }
    }
}
