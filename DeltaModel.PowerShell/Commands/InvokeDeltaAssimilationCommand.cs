using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Fits a trained model's stores to recent observations (variational data assimilation), forecasts from them, and compares with the open loop.</para>
/// <para type="description">With the model's weights frozen, the physics stores on the first day of a window of
/// observations before each forecast start (and, with -ForcingMultiplier, a per-basin factor on that forcing) are
/// adjusted by Adam so that the simulated streamflow fits the window; the run then continues as a forecast of -Lead
/// days. Returns one AssimilationRow per start and basin: NSE of the forecast days for the open loop and after
/// assimilation, their difference (Gain), the window's loss before and after. Writes assimilation.csv, summary.csv
/// and results.json into &lt;OutputPath&gt;/assimilate/ (docs/assimilation.md). Settings default to the model's
/// assimilate section, else window 30, 50 iterations, lr 0.1, lead 30, 12 starts.</para>
/// <para type="outputs">AssimilationRow: One per forecast start and basin: Start, Basin, NseOpenLoop, NseAssimilated, Gain, WindowLossBefore, WindowLossAfter, ForcingFactor.</para>
/// <example><code>$trained | Invoke-DeltaAssimilation -Window 30 -Lead 30 | Measure-Object Gain -Average</code><para>Assimilates before 12 starts over the test period and averages the NSE gain over starts and basins.</para></example>
/// <example><code>Import-DeltaModel ./out | Invoke-DeltaAssimilation -ForcingMultiplier prcp -Starts 4 -Period 2008-10-01..2010-09-30</code><para>Also fits a precipitation factor, at four starts in two water years.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DeltaAssimilation", SupportsShouldProcess = true)]
[OutputType(typeof(AssimilationRow))]
public sealed class InvokeDeltaAssimilationCommand : DeltaCmdlet
{
    CmdletWorker? worker;

    /// <summary>The trained model (Start-DeltaTraining, Import-DeltaModel).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public TrainedDeltaModel Model { get; set; } = null!;

    /// <summary>Days of observations before each forecast start that the stores are fitted to.</summary>
    [Parameter]
    [ValidateRange(2, 365)]
    public int? Window { get; set; }

    /// <summary>Adam steps per forecast start (0: forecast from the open-loop state).</summary>
    [Parameter]
    [ValidateRange(0, 10000)]
    public int? Iterations { get; set; }

    /// <summary>Adam's learning rate on the stores' log scale.</summary>
    [Parameter]
    public double? LearningRate { get; set; }

    /// <summary>Forecast days scored after each start.</summary>
    [Parameter]
    [ValidateRange(1, 365)]
    public int? Lead { get; set; }

    /// <summary>Forecast starts, spread evenly over the period.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int? Starts { get; set; }

    /// <summary>A physics forcing (e.g. prcp) whose per-basin factor is fitted with the stores and kept for the forecast.</summary>
    [Parameter]
    public string? ForcingMultiplier { get; set; }

    /// <summary>Days the windows and forecasts lie in; default: the model's test period.</summary>
    [Parameter]
    [DatePeriodTransformation]
    public DatePeriod? Period { get; set; }

    /// <summary>Checkpoint epoch to use; default: the best validation epoch, else the last.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? Epoch { get; set; }

    protected override void ProcessRecord()
    {
        var run = new AssimilationRun(Model.Config);
        if (!ShouldProcess(run.Folder, $"Assimilate with {Model.Name} and write the comparison")) return;
        Terminating(() => Assimilate(run), () => Model);
    }

    protected override void StopProcessing() => worker?.Stop();

    void Assimilate(AssimilationRun run)
    {
        var settings = Model.Config.Assimilate ?? new AssimilateConfig();
        run = run with
        {
            Settings = settings with
            {
                Window = Window ?? settings.Window, Iterations = Iterations ?? settings.Iterations, LearningRate = LearningRate ?? settings.LearningRate,
                Lead = Lead ?? settings.Lead, Starts = Starts ?? settings.Starts, ForcingMultiplier = ForcingMultiplier ?? settings.ForcingMultiplier,
            },
            Period = Period, Epoch = Epoch,
        };
        using (worker = new CmdletWorker(this, 3, $"Assimilating with {Model.Name}"))
        {
            var result = worker.Run((progress, log, cancel) => run.Run(log, cancel));
            foreach (var row in result.Rows) WriteObject(row);
        }
        worker = null;
    }
}
