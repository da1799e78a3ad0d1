using System.Text.Json.Nodes;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using YamlDotNet.RepresentationModel;

namespace DeltaModel.Builder;

/// <summary>
/// What the page shows of a finished run, read from its output folder: <c>results.json</c>, the loss per epoch, the
/// per-basin metric table, one basin's observed and simulated hydrograph, and the resolved config flattened to
/// dotted keys (for the side-by-side of two runs). Parts a run has not written yet are absent, not errors.
/// </summary>
public static class RunResultsView
{
    /// <summary>The view of the run in <paramref name="outputDir"/>; <paramref name="basin"/> = the hydrograph's basin (default: the first).</summary>
    public static JsonObject Of(string outputDir, string? basin = null)
    {
        var folder = new RunFolder(outputDir);
        var view = new JsonObject { ["output_dir"] = outputDir, ["finished"] = File.Exists(folder.Results) };
        if (File.Exists(folder.Results)) view["results"] = JsonNode.Parse(File.ReadAllText(folder.Results));
        if (File.Exists(folder.TrainingLog))
            view["curve"] = new JsonArray([.. LearningCurve.ReadHistory(folder.Model).Select(e => (JsonNode)new JsonObject
            {
                ["epoch"] = e.Epoch, ["loss"] = e.Loss, ["validation"] = e.Validation,
            })]);
        if (File.Exists(folder.MetricsCsv))
        {
            var table = CsvTable.Open(folder.MetricsCsv);
            view["metrics"] = new JsonObject
            {
                ["header"] = new JsonArray([.. table.Header.Select(h => (JsonNode)h)]),
                ["rows"] = new JsonArray([.. table.Rows().Select(r => (JsonNode)new JsonArray([.. Enumerable.Range(0, r.Count).Select(i => (JsonNode)r[i])]))]),
            };
        }
        if (File.Exists(folder.SimulationCsv)) view["hydrograph"] = Hydrograph(folder.SimulationCsv, basin);
        if (File.Exists(folder.Config)) view["config"] = Flatten(File.ReadAllText(folder.Config));
        return view;
    }

    static JsonObject Hydrograph(string path, string? basin)
    {
        var table = CsvTable.Open(path);
        int b = table.Column("basin"), d = table.Column("date"), q = table.Column("streamflow");
        int? o = table.HasColumn("observed") ? table.Column("observed") : null;
        var dates = new JsonArray();
        var observed = new JsonArray();
        var simulated = new JsonArray();
        foreach (var row in table.Rows())
        {
            basin ??= row[b];
            if (row[b] != basin) { if (dates.Count > 0) break; continue; }   // rows are basin-major
            dates.Add(row[d]);
            simulated.Add(Number(row[q]));
            if (o is { } oi) observed.Add(Number(row[oi]));
        }
        return new JsonObject { ["basin"] = basin, ["dates"] = dates, ["observed"] = observed, ["simulated"] = simulated };
    }

    static JsonNode? Number(string cell) => double.TryParse(cell, System.Globalization.NumberStyles.Float,
        System.Globalization.CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : null;

    /// <summary>A YAML mapping as <c>dotted.key → value text</c> (lists as <c>[a, b]</c>).</summary>
    public static JsonObject Flatten(string yaml)
    {
        var flat = new JsonObject();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count > 0) Add(flat, "", stream.Documents[0].RootNode);
        return flat;
    }

    static void Add(JsonObject flat, string prefix, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                    Add(flat, prefix.Length == 0 ? ((YamlScalarNode)k).Value! : $"{prefix}.{((YamlScalarNode)k).Value}", v);
                break;
            case YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode):
                flat[prefix] = "[" + string.Join(", ", seq.Children.Select(c => ((YamlScalarNode)c).Value)) + "]";
                break;
            case YamlSequenceNode seq:
                for (int i = 0; i < seq.Children.Count; i++) Add(flat, $"{prefix}[{i}]", seq.Children[i]);
                break;
            case YamlScalarNode s:
                flat[prefix] = s.Value;
                break;
        }
    }
}
