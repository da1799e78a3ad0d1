using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using Microsoft.PowerShell.Commands;

namespace DeltaModel.PowerShell.Tests;

/// <summary>
/// Produces the session transcript shown in docs/powershell.md by running each command in the hosted engine and
/// rendering its output with Out-String, as a console would. The Utility module (Out-String, Format-Table) is added
/// to the runspace here only; the other tests run on the bare CreateDefault2 set. Writes
/// <c>powershell-transcript.txt</c> beside the test assembly (and into docs/ when DELTAMODEL_WRITE_TRANSCRIPT=1).
/// </summary>
[Collection(SessionCollection.Name)]
public class TranscriptTests
{
    static readonly string[] Commands =
    [
        "Get-DeltaPhysicsModel",
        "Get-DeltaPhysicsModel hbv -Parameter | Format-Table Name, Lower, Upper, Unit, Description",
        "$d = Import-HydroDataset ./data/camels-sample -Basin 01013500,01022500,01333000 -Period 1995-09-01..1997-09-30",
        "$d",
        "New-DeltaModel -Physics hbv -DynamicParameter parBETA,parBETAET -Components 16",
        "$m = $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60",
        "$m | Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 2 -IterationsPerEpoch 2 -OutputPath ./out/lstm -WhatIf",
        "$t = $m | Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 2 -IterationsPerEpoch 2 -OutputPath ./out/lstm",
        "$t",
        "$t.Epochs",
        "$sims = $t | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30",
        "$sims",
        "$sims | Sort-Object MeanQ -Descending | Select-Object Basin, MeanQ, Days",
        "$sims[0].ToDailyRows() | Select-Object -First 3",
        "$sims[0].Series.Keys",
        "$sims | Measure-DeltaModel",
        "$sims | Measure-DeltaModel | Where-Object Nse -gt -10 | ForEach-Object Basin",
        "$h = $d | New-DeltaModel -Physics hbv -DynamicParameter parBETA,parBETAET -Components 2 -HiddenSize 8 -WarmUp 30 -Rho 60 | Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./out/dhbv",
        "$h",
        "$h | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30 -Basin 01013500 | ForEach-Object { $_.Series.Keys -join ', ' }",
        "$g = $d | New-DeltaModel -Physics gr4j_cemaneige -Components 2 -HiddenSize 8 -WarmUp 30 -Rho 60 | Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./out/gr4j",
        "$g | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30 -NetworkPrecision bfloat16 | Measure-DeltaModel",
        "$sims | Export-DeltaResult -Path ./out/report -Format Csv, Png | ForEach-Object Name",
        "$t | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30",
        "$t | Save-DeltaModel -Destination ./saved/lstm",
        "$t | Save-DeltaModel -Destination ./saved/lstm",
        "Import-DeltaModel ./saved/lstm | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30 -Basin 01013500, 02046000",
        "Import-HydroDataset ./data/no-such-folder",
        "New-DeltaModel -Physics hbx",
    ];

    [Fact]
    public void Transcript_RunsEveryDocumentedCommand()
    {
        var lab = Directory.CreateTempSubdirectory("deltamodel-lab-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(lab, "data"), Path.Combine(ModuleSession.RepoRoot, "data"));
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(typeof(OutStringCommand).Assembly.Location);
            iss.ImportPSModule(Path.Combine(AppContext.BaseDirectory, "DeltaModel.psd1"));
            var host = new CapturingHost();
            using var runspace = RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            runspace.SessionStateProxy.Path.SetLocation(lab);

            var text = new StringBuilder();
            int errors = 0;
            foreach (var command in Commands)
            {
                using var ps = System.Management.Automation.PowerShell.Create();
                ps.Runspace = runspace;
                ps.AddScript(command).AddCommand("Out-String").AddParameter("Width", 110);
                host.Clear();
                string rendered;
                try { rendered = string.Concat(ps.Invoke().Select(o => o.ToString())); }
                catch (RuntimeException e) { rendered = Concise(e.ErrorRecord); errors++; }
                foreach (var e in ps.Streams.Error) { rendered += Concise(e); errors++; }
                text.Append("PS> ").AppendLine(command);
                if (host.Text.Length > 0) text.Append(host.Text);
                var body = rendered.Replace(lab, "/home/me/lab").TrimEnd();
                if (body.Length > 0) text.AppendLine(body.Trim('\n', '\r').Length == 0 ? "" : body.TrimStart('\r', '\n'));
                text.AppendLine();
            }
            var transcript = text.ToString().Replace(lab, "/home/me/lab");
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "powershell-transcript.txt"), transcript);
            if (Environment.GetEnvironmentVariable("DELTAMODEL_WRITE_TRANSCRIPT") == "1")
                File.WriteAllText(Path.Combine(ModuleSession.RepoRoot, "docs", "powershell-transcript.txt"), transcript);

            // The second simulation without -Force, the second Save (one per existing file: 6, learning_curve.csv included), the
            // unknown basin, the missing folder, hbx.
            Assert.Equal(10, errors);
            Assert.Contains("What if:", transcript);
            Assert.Contains("hydrograph_01013500.png", transcript);
            Assert.Contains("gr4j_cemaneige", transcript);
        }
        finally
        {
            Directory.Delete(lab, recursive: true);
        }
    }

    /// <summary>PowerShell 7's concise error view: "Command: message".</summary>
    static string Concise(ErrorRecord e) =>
        $"{e.InvocationInfo?.MyCommand?.Name ?? "error"}: {e.Exception.Message}\n";
}
