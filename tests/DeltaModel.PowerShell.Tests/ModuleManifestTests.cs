using System.Management.Automation;
using System.Reflection;
using DeltaModel.PowerShell.Commands;

namespace DeltaModel.PowerShell.Tests;

/// <summary>The module as a user imports it: manifest, exported cmdlets, conventions every cmdlet follows.</summary>
[Collection(SessionCollection.Name)]
public class ModuleManifestTests(ModuleSession session)
{
    static readonly string[] Cmdlets =
    [
        "Export-DeltaResult", "Get-DeltaPhysicsModel", "Import-DeltaModel", "Import-HydroDataset", "Invoke-DeltaAssimilation", "Invoke-DeltaSimulation",
        "Measure-DeltaModel", "New-DeltaModel", "Save-DeltaModel", "Start-DeltaBuilder", "Start-DeltaTraining", "Stop-DeltaBuilder",
    ];

    static IEnumerable<Type> CmdletTypes => typeof(NewDeltaModelCommand).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null);

    [Fact]
    public void Manifest_ImportsAndExportsExactlyTheCmdlets()
    {
        var r = session.Run("Get-Module DeltaModel | ForEach-Object { $_.Version.ToString(); $_.ExportedCmdlets.Keys }");
        r.AssertClean();
        var values = r.Output.Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Equal("0.1.0", values[0]);
        Assert.Equal(Cmdlets, values.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryCmdlet_IsExported_AndDeclaresItsOutputType()
    {
        var names = CmdletTypes.Select(t => $"{t.GetCustomAttribute<CmdletAttribute>()!.VerbName}-{t.GetCustomAttribute<CmdletAttribute>()!.NounName}");
        Assert.Equal(Cmdlets, names.Order(StringComparer.Ordinal));
        Assert.All(CmdletTypes, t => Assert.NotEmpty(t.GetCustomAttributes<OutputTypeAttribute>()));
        Assert.All(CmdletTypes, t => Assert.EndsWith("Command", t.Name));
    }

    [Fact]
    public void EveryCmdlet_UsesAnApprovedVerb()
    {
        var r = session.Run("Get-Command -Module DeltaModel | ForEach-Object Verb");
        r.AssertClean();
        var approved = typeof(VerbsCommon).Assembly.GetTypes().Where(t => t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet();
        Assert.All(r.Output, v => Assert.Contains(v.BaseObject.ToString()!, approved));
    }

    [Fact]
    public void Writers_SupportShouldProcess()
    {
        foreach (var t in new[] { typeof(StartDeltaTrainingCommand), typeof(InvokeDeltaSimulationCommand), typeof(InvokeDeltaAssimilationCommand), typeof(SaveDeltaModelCommand), typeof(ExportDeltaResultCommand) })
            Assert.True(t.GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess, t.Name);
    }

    [Fact]
    public void PathParameters_AcceptPSPathAlias()
    {
        foreach (var (type, name) in new[] { (typeof(ImportHydroDatasetCommand), "Path"), (typeof(ImportDeltaModelCommand), "Path"), (typeof(ExportDeltaResultCommand), "Path"), (typeof(StartDeltaBuilderCommand), "Workspace") })
            Assert.Contains("PSPath", type.GetProperty(name)!.GetCustomAttribute<AliasAttribute>()!.AliasNames);
    }
}
