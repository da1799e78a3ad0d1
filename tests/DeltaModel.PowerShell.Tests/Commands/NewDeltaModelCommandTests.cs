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
