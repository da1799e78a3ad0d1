using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class InvokeDeltaSimulationCommandTests(ModuleSession session)
{
    [Fact]
    public void TrainedModel_GivesOneResultPerBasin_WithEverySeries()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod}");
        r.AssertClean();
        var sims = r.Output.Select(o => Assert.IsType<SimulationResult>(o.BaseObject)).ToList();
        Assert.Equal(["01013500", "01022500", "01333000"], sims.Select(s => s.Basin));
        Assert.All(sims, s =>
        {
            Assert.Equal(new DateOnly(1996, 10, 1), s.Start);
            Assert.Equal(365, s.Days);
            Assert.Equal(365, s.Streamflow.Length);
            Assert.All(s.Streamflow, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(365, s.Observed!.Length);
        });
        Assert.True(File.Exists(Path.Combine(sims[0].Folder, "simulation.csv")));
        Assert.NotEmpty(r.Progress);
    }

    [Fact]
    public void UnknownBasin_IsNonTerminating_AndTheOthersRun()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01022500, 09999999");
        Assert.Null(r.Terminating);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("BasinNotFound,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("09999999", e.TargetObject);
        Assert.Equal("01022500", r.Single<SimulationResult>().Basin);
    }

    [Fact]
    public void NetworkPrecision_Bfloat16_StaysWithinRoundingOfFloat32()
    {
        session.Trained.AssertClean();
        var full = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500");
        var narrow = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500 -NetworkPrecision bfloat16");
        full.AssertClean();
        narrow.AssertClean();
        var q32 = full.Single<SimulationResult>().Streamflow;
        var q16 = narrow.Single<SimulationResult>().Streamflow;
        double scale = q32.Max(Math.Abs), error = q32.Zip(q16, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(error, double.Epsilon, 0.05 * scale);

        var refused = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -NetworkPrecision half");
        Assert.NotNull(refused.Error);
        Assert.Contains("NetworkPrecision", refused.Error!.Exception.Message);
        Assert.Contains("float32", refused.Error.Exception.Message);
    }

    [Fact]
    public void WithoutDataset_LoadsFromTheModelsDataSection()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Period 1997-01-01..1997-03-31 -Basin 01013500");
        r.AssertClean();
        Assert.Equal(90, r.Single<SimulationResult>().Days);
    }
}
