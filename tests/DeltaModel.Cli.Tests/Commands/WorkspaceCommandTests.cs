using DeltaModel.Cli.Tests.Workspace;

namespace DeltaModel.Cli.Tests.Commands;

/// <summary><c>deltamodel workspace plan</c> as Experiments.proj calls it: messages on stdout, units in a file.</summary>
[Collection("Sequential")]
public sealed class WorkspaceCommandTests : IDisposable
{
    readonly ScratchExperiments scratch = new();
    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Plan_PrintsTheSkips_AndWritesOneUnitPerLine_WithTheDataRootNormalized()
    {
        var camels = scratch.Folder("camels");
        var big = scratch.Add("big", "  path: .\n", requires: "CamelsRoot\n");
        var later = scratch.Add("later", "  path: .\n", skip: "not yet\n");
        var units = Path.Combine(scratch.Root, "obj", "units.txt");

        var (code, stdout, stderr) = CliHarness.Invoke("workspace", "plan", "--units", units,
            "--data-root", $"CamelsRoot={camels}{Path.DirectorySeparatorChar}", "--data-root", "CaravanRoot=", big, later);
        Assert.True(code == 0, stderr);
        Assert.Equal("Skipping later (skip.txt): not yet", stdout.Trim());
        var line = Assert.Single(File.ReadAllLines(units));
        Assert.EndsWith($";UnitDataPath={camels}", line);
    }

    [Fact]
    public void Plan_SweepOfAnExperiment_WritesOneUnitPerMember()
    {
        scratch.Folder("data");
        var dir = scratch.Add("tiny", "  path: ../../data\n");
        var units = Path.Combine(scratch.Root, "units.txt");

        var (code, _, stderr) = CliHarness.Invoke("workspace", "plan", "--units", units, "--sweep", "seed=1,2", dir);
        Assert.True(code == 0, stderr);
        Assert.Equal(["SweepMember=seed=1;SweepArgs=--set seed=1;UnitKind=sweep", "SweepMember=seed=2;SweepArgs=--set seed=2;UnitKind=sweep"],
                     File.ReadAllLines(units).Select(l => l[(l.IndexOf(";SweepMember=", StringComparison.Ordinal) + 1)..]));

        (code, _, stderr) = CliHarness.Invoke("workspace", "plan", "--units", units, "--sweep", "", dir);
        Assert.Equal(2, code);
        Assert.Contains($"{Path.Combine(dir, "sweep.yaml")}: no sweep.yaml", stderr);
    }

    [Fact]
    public void Plan_AnUnknownDataRoot_IsAnError_NamingItAndTheChoices()
    {
        var (code, _, stderr) = CliHarness.Invoke("workspace", "plan", "--units", Path.Combine(scratch.Root, "u.txt"), "--data-root", "CamelRoot=/x");
        Assert.Equal(2, code);
        Assert.Equal("error: --data-root 'CamelRoot=/x': expected Name=folder with Name one of CamelsRoot, CaravanRoot.", stderr.Trim());
    }
}
