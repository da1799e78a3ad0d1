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
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod}");
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
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01022500, 09999999");
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
        var full = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500");
        var narrow = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500 -NetworkPrecision bfloat16");
        full.AssertClean();
        narrow.AssertClean();
        var q32 = full.Single<SimulationResult>().Streamflow;
        var q16 = narrow.Single<SimulationResult>().Streamflow;
        double scale = q32.Max(Math.Abs), error = q32.Zip(q16, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(error, double.Epsilon, 0.05 * scale);

        var refused = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -NetworkPrecision half");
        Assert.NotNull(refused.Error);
        Assert.Contains("NetworkPrecision", refused.Error!.Exception.Message);
        Assert.Contains("float32", refused.Error.Exception.Message);
    }

    [Fact]
    public void WithoutDataset_LoadsFromTheModelsDataSection()
    {
        session.Trained.AssertClean();
        var r = session.Run($"$t | Invoke-DeltaSimulation -Force -Period 1997-01-01..1997-03-31 -Basin 01013500");
        r.AssertClean();
        Assert.Equal(90, r.Single<SimulationResult>().Days);
    }

    [Fact]
    public void EarlierResults_AreNotOverwrittenWithoutForce_AndWhatIfRunsNothing()
    {
        session.Trained.AssertClean();
        var first = session.Run($"$t | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500");
        first.AssertClean();
        var folder = first.Single<SimulationResult>().Folder;
        var csv = Path.Combine(folder, "simulation.csv");
        var written = File.GetLastWriteTimeUtc(csv);

        var refused = session.Run($"$t | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500");
        Assert.Null(refused.Terminating);
        Assert.Empty(refused.Output);
        var e = Assert.Single(refused.Errors);
        Assert.Equal("SimulationExists,DeltaModel.PowerShell.Commands.InvokeDeltaSimulationCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Equal(folder, e.TargetObject);
        Assert.Contains("-Force", e.Exception.Message);

        var whatIf = session.Run($"$t | Invoke-DeltaSimulation -Force -WhatIf -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500");
        whatIf.AssertClean();
        Assert.Empty(whatIf.Output);
        Assert.Empty(whatIf.Progress);
        Assert.Contains($"What if: Performing the operation \"Simulate lstm and write its series\" on target \"{folder}\"", whatIf.HostText);
        Assert.Equal(written, File.GetLastWriteTimeUtc(csv));
    }

    [Fact]
    public void Result_ShowsScalarPropertiesOnly_AndExpandsToDailyRows()
    {
        session.Trained.AssertClean();
        var r = session.Run($$"""
            $s = $t | Invoke-DeltaSimulation -Force -Dataset $d -Period {{ModuleSession.SimulationPeriod}} -Basin 01022500
            $s
            ($s.PSObject.Properties | ForEach-Object Name) -join ','
            $rows = $s.ToDailyRows()
            $rows.Count
            ($rows[1].PSObject.Properties | ForEach-Object Name) -join ','
            $rows[1].Date
            $rows[1].streamflow
            """);
        r.AssertClean();
        var sim = Assert.IsType<SimulationResult>(r.Output[0].BaseObject);
        var values = r.Output.Skip(1).Select(o => o.BaseObject).ToList();
        // Arrays and dictionaries are hidden: Export-Csv, Select-Object * and grid views see one flat row of values.
        Assert.Equal("Basin,Start,End,Days,Target,MeanQ,SeriesCount,Folder,Epoch", values[0]);
        Assert.Equal(sim.Streamflow.Average(v => (double)v), sim.MeanQ, 1e-9);
        Assert.Equal(1, sim.SeriesCount);
        Assert.Equal(365, values[1]);
        Assert.Equal("Basin,Date,Observed,streamflow", values[2]);
        Assert.Equal(new DateOnly(1996, 10, 2), values[3]);
        Assert.Equal(sim.Streamflow[1], values[4]);
    }
}
