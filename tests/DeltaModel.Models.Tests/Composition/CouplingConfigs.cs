using DeltaModel.Core.Configuration;

namespace DeltaModel.Models.Tests.Composition;

/// <summary>Experiment files around a <c>model</c> section, loaded as a user's file is (line-numbered, every error at once).</summary>
internal static class CouplingConfigs
{
    /// <summary>Loads an experiment whose <c>model</c> section is <paramref name="model"/> (YAML, indented by two).</summary>
    public static ExperimentConfig Load(string model)
    {
        var dir = Directory.CreateTempSubdirectory("coupling-config-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "data"));
            var path = Path.Combine(dir, "experiment.yaml");
            File.WriteAllText(path, $"""
                data: {"{"}path: data{"}"}
                train: {"{"}period: {"{"}start: 1995-10-01, end: 2005-09-30{"}"}{"}"}
                test: {"{"}period: {"{"}start: 2005-10-01, end: 2013-09-30{"}"}{"}"}
                model:
                {model}
                """);
            return ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The config error of <paramref name="model"/>; asserts each of <paramref name="mentions"/> is in it.</summary>
    public static string Error(string model, params string[] mentions)
    {
        var e = Assert.Throws<ConfigException>(() => Load(model));
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        Assert.DoesNotContain("   at ", e.Message);                                           // a message, not a stack trace
        return e.Message;
    }
}
