using DeltaModel.Core.Configuration;
using DeltaModel.Models;

namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>Every shipped experiments/&lt;name&gt;/experiment.yaml binds and validates, and has a README.</summary>
public sealed class ShippedExperimentsTests
{
    public static TheoryData<string> Names() =>
        new(Directory.GetDirectories(Path.Combine(ExperimentsWorkspace.RepoRoot, "experiments"))
            .Where(d => File.Exists(Path.Combine(d, "experiment.yaml"))).Select(d => Path.GetFileName(d)!));

    [Theory]
    [MemberData(nameof(Names))]
    public void ExperimentFile_Validates_WithDataPathsSupplied(string name)
    {
        var dir = Path.Combine(ExperimentsWorkspace.RepoRoot, "experiments", name);
        // Datasets may be absent on this machine (CAMELS root, sample data): point the paths at scratch files so the
        // rest of the file is checked.
        var scratch = Directory.CreateTempSubdirectory("dm-shipped-").FullName;
        try
        {
            var basins = Path.Combine(scratch, "basins.txt");
            File.WriteAllText(basins, "01022500\n");
            var config = ExperimentConfig.Load(Path.Combine(dir, "experiment.yaml"),
                settings: [("data.path", scratch), ("data.basin_file", basins), ("data.attributes_path", scratch)], plugins: ModelRegistry.ConfigPlugins);
            Assert.Equal(name, config.Name);
            Assert.True(File.Exists(Path.Combine(dir, "README.md")), $"{dir}: README.md missing");
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }
}
