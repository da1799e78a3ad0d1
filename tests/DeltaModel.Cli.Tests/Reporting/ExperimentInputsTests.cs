using DeltaModel.Reporting.Inputs;

namespace DeltaModel.Cli.Tests.Reporting;

public sealed class ExperimentInputsTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-inputs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Touch(params string[] parts)
    {
        var path = Path.Combine([root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void Resolve_ListsBasinFile_BasinDataFiles_AndAttributeTables_NotOtherBasins()
    {
        var basins = Touch("exp", "basins.txt");
        File.WriteAllText(basins, "01022500\n# comment\n01031500\n");
        var yaml = Touch("exp", "experiment.yaml");
        File.WriteAllText(yaml, "name: x\ndata:\n  path: ../data\n  basin_file: basins.txt\n");
        var ours = Touch("data", "usgs_streamflow", "01", "01022500_streamflow_qc.txt");
        var other = Touch("data", "usgs_streamflow", "02", "02000000_streamflow_qc.txt");
        var attributes = Touch("data", "camels_attributes_v2.0", "camels_topo.txt");

        var inputs = ExperimentInputs.Resolve(yaml);

        Assert.Contains(basins, inputs);
        Assert.Contains(ours, inputs);
        Assert.Contains(attributes, inputs);
        Assert.DoesNotContain(other, inputs);
    }

    [Fact]
    public void Resolve_ListsTheCommittedFoldFiles()
    {
        var yaml = Touch("exp", "experiment.yaml");
        File.WriteAllText(yaml, "name: x\ndata:\n  path: ../data\nfolds: {k: 2, seed: 1, folder: ../shared-folds}\n");
        var folds = new[] { Touch("shared-folds", "fold_1.txt"), Touch("shared-folds", "fold_2.txt") };
        var notes = Touch("shared-folds", "README.md");

        var inputs = ExperimentInputs.Resolve(yaml);

        Assert.All(folds, f => Assert.Contains(f, inputs));
        Assert.DoesNotContain(notes, inputs);
    }

    [Fact]
    public void Resolve_UsesTheDataPathOverride_AndToleratesMissingFolders()
    {
        var yaml = Touch("exp", "experiment.yaml");
        File.WriteAllText(yaml, "data:\n  path: /no/such/folder\n  basins: [01022500]\n");
        Assert.Empty(ExperimentInputs.Resolve(yaml));
        var file = Touch("camels", "01022500_lump_nldas_forcing_leap.txt");
        Assert.Equal([file], ExperimentInputs.Resolve(yaml, Path.Combine(root, "camels")));
    }
}
