using System.Text.Json.Nodes;
using DeltaModel.Application;

namespace DeltaModel.Builder.Tests;

/// <summary>The published schema is what the config records and registries generate, and the shipped experiments use it.</summary>
public sealed class ExperimentSchemaTests
{
    static string Published => Path.Combine(BuilderWorkspace.RepoRoot, ExperimentSchema.PublishedPath);

    [Fact]
    public void The_published_schema_is_the_generated_one()
    {
        var generated = ExperimentSchema.Generate();
        if (Environment.GetEnvironmentVariable("DELTAMODEL_WRITE_SCHEMA") == "1") File.WriteAllText(Published, generated);
        Assert.True(File.Exists(Published) && File.ReadAllText(Published) == generated,
            $"{ExperimentSchema.PublishedPath} is out of date with the config records; regenerate it with " +
            "DELTAMODEL_WRITE_SCHEMA=1 dotnet test tests/DeltaModel.Builder.Tests --filter The_published_schema_is_the_generated_one");
    }

    [Fact]
    public void Physics_models_bring_their_parameters_with_bounds_units_and_dynamic_choices()
    {
        var physics = ExperimentSchema.Build()["properties"]!["model"]!["properties"]!["physics"]!;
        var hbv = physics["allOf"]!.AsArray().Single(b => (string?)b!["if"]!["properties"]!["name"]!["const"] == "hbv")!["then"]!;
        var beta = hbv["x-parameters"]!.AsArray().Single(p => (string?)p!["name"] == "parBETA")!;
        Assert.Equal(1.0, (double)beta["lower"]!);
        Assert.Equal(6.0, (double)beta["upper"]!);
        Assert.False(string.IsNullOrEmpty((string?)beta["description"]));
        var dynamic = hbv["properties"]!["dynamic_parameters"]!["items"]!["enum"]!.AsArray().Select(n => (string?)n).ToList();
        Assert.Contains("parBETA", dynamic);
        Assert.Contains("hbv_1_1p", physics["properties"]!["name"]!["enum"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Keys_carry_their_types_defaults_and_doc_comments_and_unknown_keys_are_closed()
    {
        var train = ExperimentSchema.Build()["properties"]!["train"]!;
        Assert.Equal("integer", (string?)train["properties"]!["epochs"]!["type"]);
        Assert.Equal(50, (int)train["properties"]!["epochs"]!["default"]!);
        Assert.Contains("Passes over", (string?)train["properties"]!["epochs"]!["description"] ?? "");
        Assert.False((bool)train["additionalProperties"]!);
        Assert.Contains("rmse_comb", train["properties"]!["loss"]!["properties"]!["name"]!["enum"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Every_shipped_experiment_names_the_schema_for_yaml_language_servers()
    {
        var missing = Directory.EnumerateFiles(Path.Combine(BuilderWorkspace.RepoRoot, "experiments"), "experiment.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}"))
            .Where(f => !File.ReadLines(f).Any(l => l.StartsWith("# yaml-language-server: $schema=", StringComparison.Ordinal) && l.EndsWith("docs/experiment.schema.json", StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, "without the $schema comment: " + string.Join(", ", missing));
    }
}
