using DeltaModel.Cli.Workspace.Slurm;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>A unit's Slurm request: the experiment's slurm.yaml under the properties given, and its errors.</summary>
public sealed class SlurmResourcesTests : IDisposable
{
    readonly ScratchExperiments scratch = new();
    public void Dispose() => scratch.Dispose();

    [Fact]
    public void GivenValues_WinOverTheExperimentsFile_WhichFillsTheRest()
    {
        var dir = scratch.Folder("a");
        File.WriteAllText(Path.Combine(dir, SlurmResources.FileName), "partition: cpu\ntime: 4:00:00\ncpus: 4\nargs: --qos=short --exclusive\n");
        var resources = new SlurmResources(null, "1:00:00", null, "8G", null).Over(dir);
        Assert.Equal(["--partition=cpu", "--time=1:00:00", "--cpus-per-task=4", "--mem=8G", "--qos=short", "--exclusive"],
                     resources.SbatchArguments());
        Assert.Empty(new SlurmResources(null, null, null, null, null).Over(scratch.Folder("none")).SbatchArguments());
    }

    [Theory]
    [InlineData("gpus: 1\n", ":1: unknown key 'gpus'; expected partition, time, cpus, mem, args")]
    [InlineData("cpus: four\n", "cpus must be an integer ≥ 1, got 'four'")]
    [InlineData("time: [1, 2]\n", ":1: 'time' must be a single value")]
    public void ABadFile_IsAnErrorNamingFileLineAndKey(string text, string expected)
    {
        var dir = scratch.Folder("bad");
        var file = Path.Combine(dir, SlurmResources.FileName);
        File.WriteAllText(file, text);
        var e = Assert.Throws<ArgumentException>(() => new SlurmResources(null, null, null, null, null).Over(dir));
        Assert.StartsWith(file, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
