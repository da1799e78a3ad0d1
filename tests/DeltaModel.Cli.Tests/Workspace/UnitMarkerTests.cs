using DeltaModel.Cli.Workspace;

namespace DeltaModel.Cli.Tests.Workspace;

/// <summary>A unit's marker: fresh start or resume, completion, and a partial run making the Reproduce marker stale.</summary>
public sealed class UnitMarkerTests : IDisposable
{
    readonly ScratchExperiments scratch = new();
    public void Dispose() => scratch.Dispose();

    string Obj => Path.Combine(scratch.Root, "obj");
    string Results => Path.Combine(scratch.Folder("out"), "results.json");

    [Fact]
    public void AUnitThatNeverFinished_Resumes_AndOneThatFinished_StartsFresh_ExceptATestOnlyRun()
    {
        var marker = new UnitMarker(Path.Combine(Obj, "main.Reproduce.done"));
        Assert.Equal("", marker.RunnerArguments(mode: ""));               // first run, or one that crashed: may resume
        File.WriteAllText(Results, "{}");
        marker.Complete(Results, "tiny");
        Assert.Equal("--fresh", marker.RunnerArguments(mode: ""));        // ran before: an input changed
        Assert.Equal("--fresh", new UnitMarker(Path.Combine(Obj, "main.Reproduce.done")).RunnerArguments("train"));
        var test = new UnitMarker(Path.Combine(Obj, "main.Test.done"));
        File.WriteAllText(test.Path, "");
        Assert.Equal("", test.RunnerArguments("test"));                   // evaluating never resets the trained model
    }

    [Fact]
    public void APartialRun_MakesTheReproduceMarkerStale_AndLeavesTheOtherPartialOne()
    {
        File.WriteAllText(Results, "{}");
        var reproduce = new UnitMarker(Path.Combine(Obj, "sweep-seed=1.Reproduce.done"));
        var train = new UnitMarker(Path.Combine(Obj, "sweep-seed=1.Train.done"));
        var test = new UnitMarker(Path.Combine(Obj, "sweep-seed=1.Test.done"));
        Assert.Equal(("sweep-seed=1", "Train"), (train.Unit, train.Action));
        reproduce.Complete(Results, "tiny");
        train.Complete(Results, "tiny");
        Assert.Equal((false, true), (File.Exists(reproduce.Path), File.Exists(train.Path)));
        reproduce.Complete(Results, "tiny");
        test.Complete(Results, "tiny");
        Assert.Equal((false, true, true), (File.Exists(reproduce.Path), File.Exists(train.Path), File.Exists(test.Path)));
    }

    [Fact]
    public void ARunnerThatWroteNoResults_IsAnError_NamingTheUnitAndTheFile()
    {
        var marker = new UnitMarker(Path.Combine(Obj, "main.Reproduce.done"));
        var e = Assert.Throws<FileNotFoundException>(() => marker.Complete(Results, "tiny-a"));
        Assert.Equal($"tiny-a: the runner exited 0 but wrote no {Results}; expected it as its last output (runner contract, docs/experiments.md).", e.Message);
        Assert.False(File.Exists(marker.Path));
    }

    [Theory]
    [InlineData("main.done")]
    [InlineData("main.Reproduce.args")]
    [InlineData(".Reproduce.done")]
    public void AFileNotNamedUnitDotActionDotDone_IsRejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new UnitMarker(Path.Combine(Obj, name)));
        Assert.Contains("expected <unit>.<Action>.done", e.Message);
    }

    [Fact]
    public void ResultsFromBeforeMarkers_BecomeMarkersWithTheirTime_ButNotOnceTheUnitHasMarkers()
    {
        var experiment = scratch.Root;
        var earlier = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        File.WriteAllText(Results, "{}");
        File.WriteAllText(Path.Combine(experiment, "out", "results.train.json"), "{}");
        var member = Directory.CreateDirectory(Path.Combine(experiment, "out", "sweep", "seed=1")).FullName;
        File.WriteAllText(Path.Combine(member, "results.json"), "{}");
        foreach (var f in Directory.GetFiles(Path.Combine(experiment, "out"), "*.json", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(f, earlier);

        UnitMarker.AdoptEarlierResults(experiment);
        foreach (var name in new[] { "main.Reproduce.done", "main.Train.done", "sweep-seed=1.Reproduce.done" })
            Assert.Equal(earlier, File.GetLastWriteTimeUtc(Path.Combine(Obj, name)));
        Assert.False(File.Exists(Path.Combine(Obj, "main.Test.done")));

        // A Train run made Reproduce stale: results.json is that partial run, which must not pass for a reproduction.
        new UnitMarker(Path.Combine(Obj, "main.Train.done")).Complete(Results, "tiny");
        UnitMarker.AdoptEarlierResults(experiment);
        Assert.False(File.Exists(Path.Combine(Obj, "main.Reproduce.done")));
    }
}
