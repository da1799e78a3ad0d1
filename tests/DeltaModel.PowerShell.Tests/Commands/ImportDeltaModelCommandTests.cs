using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class ImportDeltaModelCommandTests(ModuleSession session)
{
    [Fact]
    public void TrainingFolder_ImportsAndSimulates()
    {
        session.Trained.AssertClean();
        var r = session.Run($"Import-DeltaModel ./trained/lstm | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01333000");
        r.AssertClean();
        Assert.Equal("01333000", r.Single<SimulationResult>().Basin);
        var m = session.Run("Import-DeltaModel ./trained/lstm").Single<TrainedDeltaModel>();
        Assert.Null(m.Training);
        Assert.NotEmpty(m.Checkpoints);
    }

    [Fact]
    public void MissingFolder_IsObjectNotFound_PerPath()
    {
        var r = session.Run("Import-DeltaModel ./no/such/model, ./neither");
        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.StartsWith("PathNotFound,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        });
        Assert.Equal("./no/such/model", r.Errors[0].TargetObject);
    }

    [Fact]
    public void FolderWithoutModel_SaysWhatIsMissing()
    {
        Directory.CreateDirectory(Path.Combine(session.Work, "empty"));
        var e = Assert.Single(session.Run("Import-DeltaModel ./empty").Errors);
        Assert.Contains("config.resolved.yaml", e.Exception.Message);
        Assert.Contains("last.ckpt", e.Exception.Message);
    }
}
