using System.Management.Automation;
using DeltaModel.Core.Losses;
using DeltaModel.Models;
using DeltaModel.Models.Neural;

namespace DeltaModel.PowerShell.Tests;

/// <summary>Tab completion through the engine's own completion API, as a console would ask for it.</summary>
[Collection(SessionCollection.Name)]
public class CompletionTests(ModuleSession session)
{
    List<string> Complete(string input)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = session.Runspace;
        return CommandCompletion.CompleteInput(input, input.Length, null, ps).CompletionMatches.Select(m => m.CompletionText).ToList();
    }

    [Fact]
    public void Physics_CompletesFromTheModelRegistry() =>
        Assert.Equal(ModelRegistry.PhysicsNames.Order(StringComparer.OrdinalIgnoreCase), Complete("New-DeltaModel -Physics "));

    [Fact]
    public void Physics_CompletesByPrefix()
    {
        var expected = ModelRegistry.PhysicsNames.Where(n => n.StartsWith("hbv_", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Contains("hbv_1_1p", expected);
        Assert.Equal(expected, Complete("New-DeltaModel -Physics hbv_"));
    }

    [Fact]
    public void NeuralNetwork_CompletesFromTheNetworkRegistry() =>
        Assert.Equal(NetworkRegistry.Names.Order(StringComparer.OrdinalIgnoreCase), Complete("New-DeltaModel -NeuralNetwork "));

    [Fact]
    public void Loss_CompletesFromTheLossRegistry() =>
        Assert.Equal(LossRegistry.Names.Order(StringComparer.OrdinalIgnoreCase), Complete("Start-DeltaTraining -Loss "));

    [Fact]
    public void DynamicParameter_CompletesTheBoundPhysicsParameters()
    {
        var names = Complete("New-DeltaModel -Physics hbv -DynamicParameter parB");
        Assert.Contains("parBETA", names);
        Assert.All(names, n => Assert.StartsWith("parB", n));
    }

    [Fact]
    public void Basin_CompletesFromTheBoundDataset()
    {
        session.Trained.AssertClean();
        Assert.Equal(["01013500", "01022500"], Complete("Invoke-DeltaSimulation -Dataset $d -Basin 010"));
    }

    [Fact]
    public void Basin_CompletesFromACamelsFolder() =>
        Assert.Contains("12010000", Complete($"Import-HydroDataset -Path '{ModuleSession.Sample}' -Basin 12"));

    [Fact]
    public void Variable_CompletesFromTheBoundDataset()
    {
        session.Trained.AssertClean();
        Assert.Equal(["pet", "prcp"], Complete("New-DeltaModel -Dataset $d -Forcing p"));
    }
}
