namespace DeltaModel.PowerShell.Tests;

/// <summary>
/// Get-Help as a user runs it: every exported cmdlet has the generated MAML help (en-US/DeltaModel.PowerShell.dll-Help.xml
/// beside the module), not the syntax stub PowerShell makes up when a cmdlet has none.
/// </summary>
[Collection(SessionCollection.Name)]
public class HelpTests(ModuleSession session)
{
    public static TheoryData<string> Cmdlets() =>
    [
        "Export-DeltaResult", "Get-DeltaPhysicsModel", "Import-DeltaModel", "Import-HydroDataset", "Invoke-DeltaAssimilation", "Invoke-DeltaSimulation",
        "Measure-DeltaModel", "New-DeltaModel", "Save-DeltaModel", "Start-DeltaTraining",
    ];

    [Fact]
    public void HelpFile_IsShippedInEnUsBesideTheModule() =>
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "en-US", "DeltaModel.PowerShell.dll-Help.xml")));

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void GetHelpFull_HasSynopsisDescriptionExamplesAndEveryParameter(string name)
    {
        var r = session.Run($$"""
            $h = Get-Help {{name}} -Full
            $params = (Get-Command {{name}}).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
            [pscustomobject]@{
                Synopsis = $h.Synopsis
                Description = ($h.description | ForEach-Object Text) -join ' '
                Examples = @($h.examples.example | Where-Object { $_.code -and ($_.remarks | ForEach-Object Text) -join '' })
                Documented = @($h.parameters.parameter | Where-Object { ($_.description | ForEach-Object Text) -join '' } | ForEach-Object name)
                Parameters = @($params)
                Inputs = ($h.inputTypes.inputType.type.name) -join ','
                Outputs = ($h.returnValues.returnValue.type.name) -join ','
            }
            """);
        r.AssertClean();
        var help = Assert.Single(r.Output);
        string Text(string property) => help.Properties[property].Value?.ToString() ?? "";
        object[] Items(string property) => help.Properties[property].Value switch
        {
            System.Management.Automation.PSObject { BaseObject: object[] a } => a,
            object[] a => a,
            var v => throw new InvalidOperationException($"{property} is a {v?.GetType().Name}"),
        };

        // Without help, Get-Help's synopsis is the syntax line: "Export-DeltaResult [-Path] <string> …".
        Assert.NotEmpty(Text("Synopsis"));
        Assert.DoesNotContain(name, Text("Synopsis"));
        Assert.DoesNotContain("[-", Text("Synopsis"));
        Assert.NotEmpty(Text("Description"));
        Assert.NotEmpty(Items("Examples"));
        Assert.NotEmpty(Text("Inputs"));
        Assert.NotEmpty(Text("Outputs"));
        var documented = Items("Documented").Select(o => o.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(Items("Parameters").Select(o => o.ToString()!), p => Assert.Contains(p, documented));
    }

    [Fact]
    public void GetHelpExamples_ShowsCodeAndRemark()
    {
        var r = session.Run("Get-Help Export-DeltaResult -Examples | ForEach-Object { $_.examples.example } | ForEach-Object { $_.code + ' || ' + (($_.remarks | ForEach-Object Text) -join ' ') }");
        r.AssertClean();
        Assert.Contains(r.Output, o => o.ToString().Contains("-Format NetCdf", StringComparison.Ordinal) && o.ToString().Contains("simulation.nc", StringComparison.Ordinal));
    }
}
