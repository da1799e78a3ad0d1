using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class NewDeltaModelCommandTests(ModuleSession session)
{
    [Fact]
    public void Physics_ShowsItsParametersAndBounds()
    {
        var r = session.Run("New-DeltaModel -Physics hbv -DynamicParameter parBETA,parBETAET -Components 4");
        r.AssertClean();
        var m = r.Single<DeltaModelDefinition>();
        Assert.Equal("hbv", m.Physics);
        Assert.Equal(4, m.Components);
        var beta = Assert.Single(m.Parameters, p => p.Name == "parBETA");
        Assert.Equal((1.0, 6.0), (beta.Lower, beta.Upper));
        Assert.NotEmpty(m.RoutingParameters);
        Assert.Contains("streamflow", m.Outputs);
    }

    [Fact]
    public void Hbv2WithLstmMlp_ShowsExchangeParameters_AndTrains()
    {
        var r = session.Run($$"""
            $h2 = Import-HydroDataset -Path $sample -Basin {{ModuleSession.Basins}} -Period {{ModuleSession.DataPeriod}} -Attribute p_mean,aridity,frac_snow,elev_mean,area_gages2
            $m2 = $h2 | New-DeltaModel -Physics hbv_2_0 -NeuralNetwork lstm_mlp -Attribute p_mean,aridity,frac_snow,elev_mean `
                -DynamicParameter parBETA,parK0,parBETAET -Components 2 -HiddenSize 8 -WarmUp 30 -Rho 60
            $m2
            $m2 | Start-DeltaTraining -Period {{ModuleSession.TrainPeriod}} -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./trained/hbv2
            """);
        r.AssertClean();
        var m = r.Output.Select(o => o.BaseObject).OfType<DeltaModelDefinition>().First();
        Assert.Equal("hbv_2_0", m.Physics);
        Assert.Equal("lstm_mlp", m.NeuralNetwork);
        var rt = Assert.Single(m.Parameters, p => p.Name == "parRT");
        Assert.Equal((0.0, 20.0), (rt.Lower, rt.Upper));
        Assert.Contains(m.Parameters, p => p.Name == "parAC");
        Assert.Contains("exchange", m.Outputs);
        Assert.True(r.Output.Count >= 2, "Start-DeltaTraining returns the trained model");
    }

    [Fact]
    public void Defaults_AreThoseOfAConfigFileWithoutTheKeys()
    {
        var r = session.Run("New-DeltaModel -Physics hbv -NeuralNetwork lstm_mlp -Attribute p_mean");
        r.AssertClean();
        var m = r.Single<DeltaModelDefinition>().Config.Model;
        var file = new Core.Configuration.ModelConfig();
        Assert.Equal(new Core.Configuration.PhysicsConfig().Components, m.Physics!.Components);
        Assert.Equal(16, m.Physics.Components);
        Assert.Equal((file.WarmUp, file.Rho, file.Nn.HiddenSize, file.Nn.Dropout), (m.WarmUp, m.Rho, m.Nn.HiddenSize, m.Nn.Dropout));
        Assert.Equal(new Models.Neural.LstmMlpOptions(), m.Nn.Options);
    }

    [Fact]
    public void LstmMlp_WithoutAttributes_IsInvalidArgument()
    {
        var r = session.Run("New-DeltaModel -Physics hbv_2_0 -NeuralNetwork lstm_mlp");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.Contains("lstm_mlp", e.Exception.Message);
        Assert.Contains("attributes", e.Exception.Message);
    }

    [Fact]
    public void WithoutPhysics_IsAPlainNetwork()
    {
        var r = session.Run("New-DeltaModel -NeuralNetwork lstm -HiddenSize 16");
        r.AssertClean();
        var m = r.Single<DeltaModelDefinition>();
        Assert.Equal("", m.Physics);
        Assert.Null(m.Config.Model.Physics);
        Assert.Empty(m.Parameters);
        Assert.Equal(16, m.HiddenSize);
    }

    [Fact]
    public void PipedDataset_TravelsWithTheModel()
    {
        var r = session.Run("Import-HydroDataset $sample -Basin 01013500 -Period 2000-01-01..2000-03-31 | New-DeltaModel -HiddenSize 8");
        r.AssertClean();
        Assert.Equal(["01013500"], r.Single<DeltaModelDefinition>().Dataset!.Basins);
    }

    [Theory]
    [InlineData("New-DeltaModel -Physics hbx", "UnknownPhysicsModel", "hbx")]
    [InlineData("New-DeltaModel -NeuralNetwork lstn", "UnknownNeuralNetwork", "lstn")]
    public void UnknownRegistryName_IsInvalidArgument_NamingIt(string script, string id, string target)
    {
        var r = session.Run(script);
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith(id + ",", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal(target, e.TargetObject);
        Assert.Contains("did you mean", e.Exception.Message);
    }

    [Fact]
    public void PhysicsChoices_WithoutPhysics_ArePhysicsRequired_NamingTheParameters()
    {
        var r = session.Run("New-DeltaModel -DynamicParameter parBETA");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("PhysicsRequired,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal(["parBETA"], Assert.IsType<string[]>(e.TargetObject));
        Assert.Equal("-DynamicParameter and -Components apply to a physics model; give -Physics (e.g. -Physics hbv).", e.Exception.Message);

        Assert.StartsWith("PhysicsRequired,", Assert.IsType<ErrorRecord>(session.Run("New-DeltaModel -Components 16").Error).FullyQualifiedErrorId);
    }

    [Fact]
    public void UnknownDynamicParameter_IsInvalidArgument()
    {
        var r = session.Run("New-DeltaModel -Physics hbv -DynamicParameter parNOPE");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("parNOPE", e.Exception.Message);
    }

    [Fact]
    public void UnknownLoss_ReportsTheConfigKey()
    {
        var r = session.Run("New-DeltaModel -Loss nse_bach");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("InvalidModelArgument,", e.FullyQualifiedErrorId);
        Assert.Contains("nse_batch", e.Exception.Message);
    }

    [Fact]
    public void Config_ReadsTheExperimentFile()
    {
        var r = session.Run($"New-DeltaModel -Config '{Path.Combine(ModuleSession.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml")}'");
        r.AssertClean();
        var m = r.Single<DeltaModelDefinition>();
        Assert.Equal("camels-sample-dhbv", m.Name);
        Assert.Equal(16, m.Components);
        Assert.Equal(["parBETA", "parBETAET"], m.DynamicParameters);
    }
}
