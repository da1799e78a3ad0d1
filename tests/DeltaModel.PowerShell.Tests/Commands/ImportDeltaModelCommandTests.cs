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
    public void ModelFromAnotherMachine_SavedByThePreviousVersion_SimulatesOnTheDatasetGiven()
    {
        session.Trained.AssertClean();
        var moved = Path.Combine(session.Work, "moved", "lstm");
        Directory.CreateDirectory(Path.Combine(moved, "model"));
        foreach (var file in Directory.GetFiles(Path.Combine(session.Work, "trained", "lstm", "model")))
            File.Copy(file, Path.Combine(moved, "model", Path.GetFileName(file)));
        // As the version before the one-record config wrote it, for a dataset folder this machine lacks.
        var config = File.ReadAllLines(Path.Combine(session.Work, "trained", "lstm", "config.resolved.yaml")).SelectMany(line =>
            line.StartsWith("  path: ") ? ["  path: /data/on/another/machine/camels-sample"]
            : line.StartsWith("    alpha: ") ? ["    alpha: null"]
            : line.StartsWith("    dropout: ") ? [line, "    mlp_hidden_size: 256", "    mlp_layers: 7", "    mlp_dropout: 0.5"]
            : new[] { line });
        File.WriteAllLines(Path.Combine(moved, "config.resolved.yaml"), config);

        var r = session.Run($"Import-DeltaModel ./moved/lstm | Invoke-DeltaSimulation -Force -Dataset $d -Period {ModuleSession.SimulationPeriod} -Basin 01333000");
        r.AssertClean();
        Assert.Equal("01333000", r.Single<SimulationResult>().Basin);

        var e = Assert.IsType<ErrorRecord>(session.Run($"Import-DeltaModel ./moved/lstm | Invoke-DeltaSimulation -Force -Period {ModuleSession.SimulationPeriod}").Error);
        Assert.StartsWith("DatasetRequired,", e.FullyQualifiedErrorId);
        Assert.Contains("/data/on/another/machine/camels-sample is not on this machine", e.Exception.Message);
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
