using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Bmi;

/// <summary>
/// A BMI configuration file (<c>bmi_&lt;basin&gt;.yaml</c>, docs/bmi.md): the deployed model folder, the basin, its
/// attributes and area, the period, the time step, and optionally a forcing file. Read through YamlDotNet's node model
/// (no reflection, so NativeAOT keeps it); every error names the file, the line and the key.
/// </summary>
public sealed record BmiConfig(string Path, string Model, string Basin, DateOnly StartTime, DateOnly EndTime, double AreaKm2,
    IReadOnlyDictionary<string, double> Attributes, string? ForcingFile, double TimeStep)
{
    /// <summary>The model's time step [s]: one day.</summary>
    public const double DaySeconds = 86400;

    static readonly string[] Keys = ["model", "basin", "start_time", "end_time", "area_km2", "attributes", "forcing_file", "time_step"];

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
        var values = new Dictionary<string, YamlNode>();
        foreach (var (key, value) in root.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (!Keys.Contains(name))
                throw new BmiException($"{path}: line {key.Start.Line}: unknown key '{name}'; the keys are {string.Join(", ", Keys)}.");
            values[name] = value;
        }
        string Text(string key, bool required = true)
        {
            if (!values.TryGetValue(key, out var node)) return required ? throw new BmiException($"{path}: key '{key}' is missing.") : "";
            return node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw new BmiException($"{path}: line {node.Start.Line}: '{key}' needs a value.");
        }
        int Line(string key) => values.TryGetValue(key, out var n) ? (int)n.Start.Line : 0;
        DateOnly Date(string key) => DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new BmiException($"{path}: line {Line(key)}: '{key}' must be a date yyyy-MM-dd, got '{Text(key)}'.");
        double Number(string key, string text, int line) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x : throw new BmiException($"{path}: line {line}: '{key}' must be a number, got '{text}'.");

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string Resolve(string p) => System.IO.Path.GetFullPath(p, folder);
        var start = Date("start_time");
        var end = Date("end_time");
        if (end < start) throw new BmiException($"{path}: line {Line("end_time")}: end_time {end:yyyy-MM-dd} is before start_time {start:yyyy-MM-dd}.");
        double area = Number("area_km2", Text("area_km2"), Line("area_km2"));
        if (area <= 0) throw new BmiException($"{path}: line {Line("area_km2")}: area_km2 must be > 0, got {area}.");
        double step = values.ContainsKey("time_step") ? Number("time_step", Text("time_step"), Line("time_step")) : DaySeconds;
        if (step != DaySeconds)
            throw new BmiException($"{path}: line {Line("time_step")}: time_step {step} s: the model is daily and steps 86400 s only. " +
                                   "Run it in NextGen with a daily time step, or aggregate hourly forcings to days before they reach it.");
        var attributes = new Dictionary<string, double>(StringComparer.Ordinal);
        if (values.TryGetValue("attributes", out var node))
        {
            if (node is not YamlMappingNode map) throw new BmiException($"{path}: line {node.Start.Line}: 'attributes' must be a mapping name: value.");
            foreach (var (k, v) in map.Children)
            {
                var name = ((YamlScalarNode)k).Value ?? "";
                attributes[name] = Number($"attributes.{name}", (v as YamlScalarNode)?.Value ?? "", (int)v.Start.Line);
            }
        }
        var forcing = Text("forcing_file", required: false);
        return new BmiConfig(path, Resolve(Text("model")), Text("basin"), start, end, area, attributes,
            forcing.Length > 0 ? Resolve(forcing) : null, step);
    }
}
