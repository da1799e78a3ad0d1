using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class StartDeltaTrainingCommandTests(ModuleSession session)
{
    [Fact]
    public void Pipeline_ImportNewStart_ReturnsTheTrainedModel()
    {
        var r = session.Trained;
        r.AssertClean();
        var t = r.Single<TrainedDeltaModel>();
        var epoch = Assert.Single(t.Epochs);
        Assert.Equal(2, epoch.Minibatches);
        Assert.True(double.IsFinite(t.FinalLoss));
        Assert.False(t.Cancelled);
        Assert.All(t.Checkpoints, c => Assert.True(File.Exists(c), c));
        Assert.True(File.Exists(Path.Combine(t.OutputPath, "config.resolved.yaml")));
        Assert.True(File.Exists(Path.Combine(t.ModelPath, "normalization.json")));
        Assert.StartsWith(session.Work, t.OutputPath);
        Assert.Equal(["01013500", "01022500", "01333000"], t.Config.Data.Basins);
        Assert.Equal(ModuleSession.Sample, t.Config.Data.Path);
    }

    [Fact]
    public void Progress_ArrivesPerMinibatch_AndCompletes()
    {
        var progress = session.Trained.Progress;
        Assert.Contains(progress, p => p.StatusDescription.Contains("epoch 1/1, minibatch 2/2"));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.All(progress, p => Assert.Equal(progress[0].ActivityId, p.ActivityId));
    }

    [Fact]
    public void WhatIf_DescribesTheRun_AndWritesNothing()
    {
        session.Trained.AssertClean();   // loads $d
        var output = Path.Combine(session.Work, "whatif");
        var r = session.Run($"$d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 | Start-DeltaTraining -Period {ModuleSession.TrainPeriod} -Epochs 3 -OutputPath '{output}' -WhatIf");
        r.AssertClean();
        Assert.Empty(r.Output);
        Assert.False(Directory.Exists(output));
        Assert.Contains("What if:", r.HostText);
        Assert.Contains("3 basins × 761 days", r.HostText);
        Assert.Contains("per epoch", r.HostText);
        Assert.Contains(Path.Combine(output, "config.resolved.yaml"), r.HostText);
    }

    [Fact]
    public void NetworkPrecision_Bfloat16_TrainsWhereTheCpuHasIt_AndWarnsWhereItFallsBack()
    {
        session.Trained.AssertClean();   // loads $d
        var r = session.Run($"$d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 | Start-DeltaTraining -Period {ModuleSession.TrainPeriod} -Epochs 1 -IterationsPerEpoch 2 -NetworkPrecision bfloat16 -OutputPath ./mixed");
        Assert.Null(r.Error);
        var t = r.Single<TrainedDeltaModel>();
        Assert.Equal("bfloat16", t.Config.Train.NetworkPrecision);
        bool native = DeltaModel.Core.Tensors.NativeBFloat16.OnThisCpu;
        Assert.Equal(native ? "bfloat16" : "float32", t.Training!.NetworkPrecision);
        Assert.Equal(!native, r.Warnings.Any(w => w.Message.Contains("train.network_precision is bfloat16")));
        Assert.True(double.IsFinite(t.FinalLoss));

        var refused = session.Run("$d | New-DeltaModel | Start-DeltaTraining -NetworkPrecision half -WhatIf");
        Assert.NotNull(refused.Error);
        Assert.Contains("NetworkPrecision", refused.Error!.Exception.Message);
    }

    [Fact]
    public void NoData_IsInvalidArgument()
    {
        var r = session.Run("New-DeltaModel | Start-DeltaTraining -Epochs 1");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("DatasetRequired,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.IsType<DeltaModelDefinition>(e.TargetObject);
    }

    [Fact]
    public void PeriodOutsideTheData_IsInvalidData_WithoutAStackTrace()
    {
        session.Trained.AssertClean();   // loads $d
        var r = session.Run($"$d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 | Start-DeltaTraining -Period 1980-01-01..1980-12-31 -Epochs 1 -OutputPath ./bad");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("InvalidData,", e.FullyQualifiedErrorId);
        Assert.Contains("not covered by the data", e.Exception.Message);
        Assert.DoesNotContain("   at ", e.ToString());
    }

    [Fact]
    public void DeltaHbv_TrainsAndSimulatesEveryFlux()
    {
        session.Trained.AssertClean();   // loads $d
        var r = session.Run($"""
            $h = $d | New-DeltaModel -Physics hbv -DynamicParameter parBETA -Components 2 -HiddenSize 8 -WarmUp 30 -Rho 60 |
                Start-DeltaTraining -Period {ModuleSession.TrainPeriod} -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./hbv
            $h | Invoke-DeltaSimulation -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01013500
            """);
        r.AssertClean();
        var sim = r.Single<SimulationResult>();
        Assert.Contains("AET_hydro", sim.Series.Keys);
        Assert.Contains("SWE", sim.Series.Keys);
        Assert.All(sim.Streamflow, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.Contains("BFI", sim.Scalars.Keys);
    }

    /// <summary>
    /// One config name per registered rainfall–runoff model (aliases build the same model); the CAMELS sample has no
    /// forcings for another domain's model (fvcb_medlyn reads PAR, leaf temperature, CO₂ and VPD: docs/photosynthesis.md),
    /// and gamma_routing routes another model's runoff (a chain member; PhysicsChainTests trains it).
    /// </summary>
    public static TheoryData<string> EveryPhysicsModel() =>
        [.. Models.ModelCatalog.Entries().Where(e => e.Model.Declarations.OutputNames.Contains("streamflow") && !e.Model.Declarations.Forcings.Contains("streamflow"))
            .Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(EveryPhysicsModel))]
    public void EveryPhysicsModel_TrainsFromNewDeltaModel_AndSimulates(string physics)
    {
        // HBV 2.0 reads elevation and upstream area itself; the other models ignore them.
        var r = session.Run($"""
            $z = Import-HydroDataset -Path $sample -Basin {ModuleSession.Basins} -Period {ModuleSession.DataPeriod} -Attribute p_mean,aridity,elev_mean,area_gages2
            $m = $z | New-DeltaModel -Physics {physics} -Components 2 -HiddenSize 8 -WarmUp 30 -Rho 60 |
                Start-DeltaTraining -Period {ModuleSession.TrainPeriod} -Epochs 1 -IterationsPerEpoch 1 -OutputPath ./zoo/{physics}
            $m | Invoke-DeltaSimulation -Dataset $z -Period {ModuleSession.SimulationPeriod} -Basin 01022500
            """);
        r.AssertClean();
        var sim = r.Single<SimulationResult>();
        Assert.Equal(365, sim.Streamflow.Length);
        Assert.All(sim.Streamflow, v => Assert.True(float.IsFinite(v) && v >= 0, $"{physics}: streamflow {v}"));
    }
}
