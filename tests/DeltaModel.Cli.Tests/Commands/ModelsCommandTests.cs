using DeltaModel.Models;

namespace DeltaModel.Cli.Tests.Commands;

[Collection("Sequential")]
public sealed class ModelsCommandTests
{
    [Fact]
    public void DocsModelsFile_IsTheGeneratedCatalog()
    {
        var committed = File.ReadAllText(Path.Combine(CliHarness.RepoRoot, "docs", "models.md")).ReplaceLineEndings("\n");
        Assert.True(committed == ModelCatalog.Markdown(), $"docs/models.md is out of date; regenerate it: {ModelCatalog.RegenerateCommand}");
    }

    [Fact]
    public void List_ShowsEveryRegisteredName()
    {
        var (code, output, _) = CliHarness.Invoke("models");
        Assert.Equal(0, code);
        foreach (var name in ModelRegistry.PhysicsNames) Assert.Contains(name, output);
    }

    [Fact]
    public void OneModel_ShowsItsParametersWithBounds()
    {
        var (code, output, _) = CliHarness.Invoke("models", "HBV_1_1P");
        Assert.Equal(0, code);
        Assert.StartsWith("hbv_1_1p", output);
        Assert.Matches(@"parFC\s+50\s+1000\s+mm", output);
        Assert.Matches(@"route_a\s+0\s+2\.9\s+-\s+no", output);
        Assert.Contains("capillary", output);
    }

    [Fact]
    public void UnknownModel_IsOneErrorLineWithASuggestion()
    {
        var (code, _, error) = CliHarness.Invoke("models", "gr4k");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'gr4j'", error);
    }

    [Fact]
    public void MarkdownOut_WritesTheCatalogFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"models-{Guid.NewGuid():N}.md");
        try
        {
            var (code, _, _) = CliHarness.Invoke("models", "--markdown", "--out", file);
            Assert.Equal(0, code);
            var text = File.ReadAllText(file);
            Assert.Equal(ModelCatalog.Markdown(), text);
            Assert.Contains("| parCFMAX | 0.5 | 10 | mm/°C/d | yes |", text);
        }
        finally { File.Delete(file); }
    }
}
