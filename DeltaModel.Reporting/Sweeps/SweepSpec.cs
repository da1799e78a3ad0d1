using DeltaModel.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Reporting.Sweeps;

/// <summary>
/// A grid of config overrides: every combination of the values of each key. Written either inline
/// (<c>seed=1,2;model.nn.hidden_size=64,128</c>, the MSBuild <c>Sweep</c> property; '|' also separates keys, since
/// a ';' on MSBuild's command line splits properties) or as a <c>sweep.yaml</c> mapping of key → list of values.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<SweepDimension> Dimensions)
{
    /// <summary>Parses the inline form.</summary>
    /// <exception cref="ArgumentException">A part is not <c>key=v1,v2,…</c> (names the part).</exception>
    public static SweepSpec Parse(string text)
    {
        var dims = new List<SweepDimension>();
        foreach (var part in text.Split([';', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new ArgumentException($"sweep '{text}': part '{part}' is not 'key=value1,value2,…' (e.g. 'seed=1,2;model.nn.hidden_size=64,128').");
            var values = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            dims.Add(new SweepDimension(part[..eq].Trim(), values));
        }
        return Validated(dims, $"sweep '{text}'");
    }

    /// <summary>Reads a sweep.yaml: a mapping of dotted keys to a value or a list of values.</summary>
    /// <exception cref="ArgumentException">The file is not such a mapping (names the file and line).</exception>
    public static SweepSpec Read(string path)
    {
        if (YamlFile.ReadRoot(path) is not YamlMappingNode root)
            throw new ArgumentException($"{path}: expected a mapping of config keys to value lists, e.g. 'seed: [1, 2, 3]'.");
        var dims = new List<SweepDimension>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var values = valueNode switch
            {
                YamlSequenceNode seq => seq.Children.Select(n => n is YamlScalarNode s ? s.Value ?? "" :
                    throw new ArgumentException($"{path}:{n.Start.Line}: values of '{key}' must be scalars (lists cannot be swept yet).")).ToList(),
                YamlScalarNode s => [s.Value ?? ""],
                _ => throw new ArgumentException($"{path}:{valueNode.Start.Line}: '{key}' must be a value or a list of values."),
            };
            dims.Add(new SweepDimension(key, values));
        }
        return Validated(dims, path);
    }

    /// <summary>All combinations, the first key varying slowest.</summary>
    public IReadOnlyList<SweepMember> Members()
    {
        IEnumerable<List<(string, string)>> grid = [[]];
        foreach (var d in Dimensions)
            grid = grid.SelectMany(prefix => d.Values.Select(v => new List<(string, string)>(prefix) { (d.Key, v) }));
        return grid.Select(s => new SweepMember(s)).ToList();
    }

    static SweepSpec Validated(List<SweepDimension> dims, string where)
    {
        if (dims.Count == 0) throw new ArgumentException($"{where}: no keys to sweep; expected e.g. 'seed=1,2'.");
        foreach (var d in dims)
        {
            if (d.Values.Count == 0) throw new ArgumentException($"{where}: key '{d.Key}' has no values.");
            if (d.Key.Any(c => char.IsWhiteSpace(c) || c is '=' or ','))
                throw new ArgumentException($"{where}: '{d.Key}' is not a dotted config key such as 'model.nn.hidden_size'.");
            if (d.Values.Any(v => v.Any(c => char.IsWhiteSpace(c) || c is ';' or '"')))
                throw new ArgumentException($"{where}: values of '{d.Key}' must not contain spaces, ';' or quotes.");
        }
        var dup = dims.GroupBy(d => d.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"{where}: key '{dup.Key}' is given twice.");
        return new SweepSpec(dims);
    }
}
