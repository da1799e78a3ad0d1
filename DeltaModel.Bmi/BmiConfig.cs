using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Bmi;

/// <summary>
/// A BMI configuration file (docs/bmi.md): the deployed model folder, the period, the time step, the basins — one
/// (<c>basin:</c> with its area, attributes and forcing file beside it: a scalar grid) or several (<c>basins:</c>, a
/// list of entries carrying the same keys: a points grid) — and optionally the state files to start from and to write at
/// finalize. Read through YamlDotNet's node model (no reflection, so NativeAOT keeps it); every error names the file,
/// the line and the key.
/// </summary>
/// <param name="InitialState">A state file (<c>.dmstate</c>) to start from instead of the warm-up, or null.</param>
/// <param name="FinalState">Where <c>finalize</c> writes the state, or null.</param>
public sealed record BmiConfig(string Path, string Model, IReadOnlyList<BmiBasin> Basins, DateOnly StartTime, DateOnly EndTime, double TimeStep,
    string? InitialState, string? FinalState)
{
    /// <summary>The model's time step [s]: one day.</summary>
    public const double DaySeconds = 86400;

    static readonly string[] RunKeys = ["model", "start_time", "end_time", "time_step", "initial_state", "final_state"];

    /// <summary>The keys of one basin: at the top level (with <c>basin</c>), or in each entry of <c>basins</c>.</summary>
    static readonly string[] BasinKeys = ["basin", "area_km2", "attributes", "forcing_file", "latitude", "longitude"];

    /// <summary>Reads and checks <paramref name="path"/>; relative paths in it are relative to its folder.</summary>
    /// <exception cref="BmiException">Unreadable, an unknown or missing key, a bad value.</exception>
    public static BmiConfig Read(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new BmiException("no configuration file given to initialize.");
        if (!File.Exists(path)) throw new BmiException($"configuration file not found: {path}");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e) { throw new BmiException($"{path}: line {e.Start.Line}: not valid YAML: {e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new BmiException($"{path}: expected a mapping of keys (model, basin, start_time, end_time, area_km2, attributes).");
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var top = new Keys(path, root, [.. RunKeys, .. BasinKeys, "basins"]);

        var start = top.Date("start_time");
        var end = top.Date("end_time");
        if (end < start) throw new BmiException($"{path}: line {top.Line("end_time")}: end_time {end:yyyy-MM-dd} is before start_time {start:yyyy-MM-dd}.");
        double step = top.Has("time_step") ? top.Number("time_step") : DaySeconds;
        if (step != DaySeconds)
            throw new BmiException($"{path}: line {top.Line("time_step")}: time_step {step} s: the model is daily and steps 86400 s only. " +
                                   "Run it in NextGen with a daily time step, or aggregate hourly forcings to days before they reach it.");

        List<BmiBasin> basins;
        if (top.Node("basins") is { } list)
        {
            var mixed = BasinKeys.FirstOrDefault(top.Has);
            if (mixed is not null)
                throw new BmiException($"{path}: line {top.Line(mixed)}: '{mixed}' beside 'basins': with several basins each entry of 'basins' carries its own {string.Join(", ", BasinKeys)}.");
            if (list is not YamlSequenceNode { Children.Count: > 0 } entries)
                throw new BmiException($"{path}: line {list.Start.Line}: 'basins' must be a list of basin entries (basin, area_km2, attributes, forcing_file), at least one.");
            basins = [.. entries.Children.Select(e => e is YamlMappingNode m ? Basin(new Keys(path, m, BasinKeys, "basins[]."), folder)
                : throw new BmiException($"{path}: line {e.Start.Line}: an entry of 'basins' must be a mapping (basin, area_km2, attributes, forcing_file)."))];
            var twice = basins.GroupBy(b => b.Id).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw new BmiException($"{path}: basin '{twice.Key}' is listed twice under 'basins'.");
        }
        else basins = [Basin(top, folder)];

        return new BmiConfig(path, top.Resolve("model", folder)!, basins, start, end, step, top.Resolve("initial_state", folder), top.Resolve("final_state", folder));
    }

    static BmiBasin Basin(Keys keys, string folder)
    {
        double area = keys.Number("area_km2");
        if (area <= 0) throw new BmiException($"{keys.Path}: line {keys.Line("area_km2")}: {keys.Prefix}area_km2 must be > 0, got {area}.");
        var attributes = new Dictionary<string, double>(StringComparer.Ordinal);
        if (keys.Node("attributes") is { } node)
        {
            if (node is not YamlMappingNode map) throw new BmiException($"{keys.Path}: line {node.Start.Line}: '{keys.Prefix}attributes' must be a mapping name: value.");
            foreach (var (k, v) in map.Children)
            {
                var name = ((YamlScalarNode)k).Value ?? "";
                attributes[name] = Keys.Number(keys.Path, $"{keys.Prefix}attributes.{name}", (v as YamlScalarNode)?.Value ?? "", (int)v.Start.Line);
            }
        }
        double? Coordinate(string key, double limit)
        {
            if (!keys.Has(key)) return null;
            double value = keys.Number(key);
            return Math.Abs(value) <= limit ? value
                : throw new BmiException($"{keys.Path}: line {keys.Line(key)}: {keys.Prefix}{key} must be in degrees within ±{limit}, got {value}.");
        }
        return new BmiBasin(keys.Text("basin"), area, attributes, keys.Resolve("forcing_file", folder), Coordinate("latitude", 90), Coordinate("longitude", 180));
    }

    /// <summary>The keys of one YAML mapping, checked against the allowed ones.</summary>
    sealed class Keys
    {
        readonly Dictionary<string, YamlNode> values = [];

        public Keys(string path, YamlMappingNode map, string[] allowed, string prefix = "")
        {
            (Path, Prefix) = (path, prefix);
            foreach (var (key, value) in map.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                if (!allowed.Contains(name))
                    throw new BmiException($"{path}: line {key.Start.Line}: unknown key '{prefix}{name}'; the keys are {string.Join(", ", allowed)}.");
                values[name] = value;
            }
        }

        public string Path { get; }

        /// <summary>What a key is called in messages: <c>basins[].</c> inside an entry of the list.</summary>
        public string Prefix { get; }

        public bool Has(string key) => values.ContainsKey(key);
        public YamlNode? Node(string key) => values.GetValueOrDefault(key);
        public int Line(string key) => values.TryGetValue(key, out var n) ? (int)n.Start.Line : 0;

        public string Text(string key, bool required = true)
        {
            if (!values.TryGetValue(key, out var node)) return required ? throw new BmiException($"{Path}: key '{Prefix}{key}' is missing.") : "";
            return node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw new BmiException($"{Path}: line {node.Start.Line}: '{Prefix}{key}' needs a value.");
        }

        public DateOnly Date(string key) => DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new BmiException($"{Path}: line {Line(key)}: '{Prefix}{key}' must be a date yyyy-MM-dd, got '{Text(key)}'.");

        public double Number(string key) => Number(Path, Prefix + key, Text(key), Line(key));

        public static double Number(string path, string key, string text, int line) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
                ? x : throw new BmiException($"{path}: line {line}: '{key}' must be a number, got '{text}'.");

        /// <summary>An optional path, relative to the configuration's folder; null when the key is absent.</summary>
        public string? Resolve(string key, string folder)
        {
            var text = Text(key, required: key == "model");
            return text.Length > 0 ? System.IO.Path.GetFullPath(text, folder) : null;
        }
    }
}

/// <summary>One catchment of a BMI configuration.</summary>
/// <param name="Id">The basin id (as in the dataset and state files).</param>
/// <param name="AreaKm2">Catchment area, for the volume flux.</param>
/// <param name="Attributes">The raw static attributes the network reads, by name.</param>
/// <param name="ForcingFile">Its daily forcings (warm-up, and any day not set by set_value), or null.</param>
/// <param name="Latitude">Gauge latitude [degrees north] (get_grid_y of a points grid), or null.</param>
/// <param name="Longitude">Gauge longitude [degrees east] (get_grid_x), or null.</param>
public sealed record BmiBasin(string Id, double AreaKm2, IReadOnlyDictionary<string, double> Attributes, string? ForcingFile, double? Latitude, double? Longitude);
