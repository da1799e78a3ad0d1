using DeltaModel.Cli.Workspace;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>Which experiments run and with what data: skip.txt, requires.txt, the data-root properties, absent data.</summary>
public sealed class WorkspacePlanTests : IDisposable
{
    readonly ScratchExperiments scratch = new();
    public void Dispose() => scratch.Dispose();

    static readonly Dictionary<DataRootProperty, string> NoRoots = [];
    static Dictionary<DataRootProperty, string> Given(DataRootProperty property, string folder) => new() { [property] = folder };

    [Fact]
    public void AnExperimentWithItsDataPresent_Runs_OnItsOwnDataPath()
    {
        scratch.Folder("data");
        var dir = scratch.Add("tiny", "  path: ../../data\n");
        var plan = WorkspacePlan.For([dir], NoRoots);
        var unit = Assert.Single(plan.Units);
        Assert.Empty(plan.Skipped);
        Assert.Equal(("tiny", Path.Combine(dir, "experiment.yaml"), dir + Path.DirectorySeparatorChar, (string?)null),
                     (unit.Name, unit.File, unit.Folder, unit.DataPath));
        Assert.Equal($"ExperimentName=tiny;ExperimentFile={unit.File};ExperimentDir={unit.Folder};UnitDataPath=", unit.MSBuildProperties);
    }

    [Fact]
    public void SkipTxt_Skips_WithItsText()
    {
        var dir = scratch.Add("later", "  path: .\n", skip: "the split is not expressible yet\n");
        var skipped = Assert.Single(WorkspacePlan.For([dir], NoRoots).Skipped);
        Assert.Equal("Skipping later (skip.txt): the split is not expressible yet", skipped.Message);
    }

    [Fact]
    public void ARequiredProperty_NotGiven_Skips_NamingIt_AndGiven_ReplacesDataPath()
    {
        var dir = scratch.Add("big", "  path: .\n", requires: "CamelsRoot\n");
        var skipped = Assert.Single(WorkspacePlan.For([dir], NoRoots).Skipped);
        Assert.Contains("-p:CamelsRoot=<folder holding the full CAMELS-US dataset", skipped.Message);
        Assert.Contains(Path.Combine(dir, "requires.txt"), skipped.Message);

        var camels = scratch.Folder("camels");
        var unit = Assert.Single(WorkspacePlan.For([dir], Given(DataRootProperty.CamelsRoot, camels)).Units);
        Assert.Equal(camels, unit.DataPath);
    }

    [Fact]
    public void AGivenPropertyPointingNowhere_Skips_NamingTheProperty()
    {
        var dir = scratch.Add("big", "  path: .\n", requires: "CamelsRoot\n");
        var nowhere = Path.Combine(scratch.Root, "no-such");
        var skipped = Assert.Single(WorkspacePlan.For([dir], Given(DataRootProperty.CamelsRoot, nowhere)).Skipped);
        Assert.Equal($"Skipping big: its data folder {nowhere} is absent (from -p:CamelsRoot; point CamelsRoot at " +
                     $"{DataRootProperty.CamelsRoot.Holds}).", skipped.Message);
    }

    [Fact]
    public void ACaravanExperimentWhoseSharedDataIsAbsent_IsSkipped_NamingCaravanRoot_AndCaravanRootReplacesItsDataPath()
    {
        var dir = scratch.Add("caravan-x", "  format: caravan\n  path: ../../../shared/data/caravan\n");
        var skipped = Assert.Single(WorkspacePlan.For([dir], NoRoots).Skipped);
        Assert.Contains("data folder " + Path.GetFullPath(Path.Combine(dir, "../../../shared/data/caravan")), skipped.Message);
        Assert.Contains("(data.path in the experiment file; pass -p:CaravanRoot=<folder holding", skipped.Message);

        var caravan = scratch.Folder("caravan");
        Assert.Equal(caravan, Assert.Single(WorkspacePlan.For([dir], Given(DataRootProperty.CaravanRoot, caravan)).Units).DataPath);
    }

    [Fact]
    public void CamelsRoot_LeavesExperimentsThatDoNotRequireIt_OnTheirOwnData()
    {
        scratch.Folder("sample");
        var dir = scratch.Add("camels-sample", "  format: camels\n  path: ../../sample\n");
        var unit = Assert.Single(WorkspacePlan.For([dir], Given(DataRootProperty.CamelsRoot, scratch.Folder("camels"))).Units);
        Assert.Null(unit.DataPath);
    }

    [Fact]
    public void AnAbsentAttributeFolder_Skips_NamingTheKey()
    {
        scratch.Folder("data");
        var dir = scratch.Add("attrs", "  path: ../../data\n  attributes_path: ../../no-attributes\n");
        var skipped = Assert.Single(WorkspacePlan.For([dir], NoRoots).Skipped);
        Assert.Contains("(data.attributes_path) is absent; pass -p:RunArgs=\"--set data.attributes_path=<folder>\"", skipped.Message);
    }

    [Fact]
    public void AFolderWithoutExperimentFile_IsAnError_NamingTheFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => WorkspacePlan.For([scratch.Folder("empty")], NoRoots));
        Assert.Contains(Path.Combine(scratch.Root, "empty", "experiment.yaml"), e.Message);
    }
}
