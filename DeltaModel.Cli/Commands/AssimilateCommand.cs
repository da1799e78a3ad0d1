using System.CommandLine;
using System.Globalization;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel assimilate &lt;experiment or model folder&gt;</c>: variational data assimilation with the trained model,
/// measured against the open loop (docs/assimilation.md), the CLI twin of <c>Invoke-DeltaAssimilation</c>. The run is
/// <see cref="AssimilationRun"/>; this file binds the arguments and prints the table.
/// </summary>
internal static class AssimilateCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("experiment-or-model") { Description = "An experiment file or folder (its output_dir holds the trained model), or a trained model folder (config.resolved.yaml, model/)." };
        var window = new Option<int?>("--window") { Description = "Days of observations before each forecast start that the stores are fitted to (default: assimilate.window, 30)." };
        var iterations = new Option<int?>("--iterations") { Description = "Adam steps per forecast start (default: assimilate.iterations, 50)." };
        var lr = new Option<double?>("--lr") { Description = "Adam's learning rate on the log stores (default: assimilate.lr, 0.1)." };
        var lead = new Option<int?>("--lead") { Description = "Forecast days scored after each start (default: assimilate.lead, 30)." };
        var starts = new Option<int?>("--starts") { Description = "Forecast starts spread over the period (default: assimilate.starts, 12)." };
        var multiplier = new Option<string?>("--forcing-multiplier") { Description = "Also fit a per-basin factor on this physics forcing, e.g. prcp (default: assimilate.forcing_multiplier, none)." };
        var period = new Option<string?>("--period") { Description = "Days the windows and forecasts lie in, START..END (default: the test period)." };
        var epoch = new Option<int?>("--epoch") { Description = "Checkpoint epoch to use; default: the best validation epoch, else the last." };
        var output = new Option<string?>("--out") { Description = "Folder for assimilation.csv, summary.csv and results.json (default: <output_dir>/assimilate)." };

        var command = new Command("assimilate", "Fit the initial stores to recent observations with the trained model frozen, forecast, and compare with the open loop.");
        command.Arguments.Add(source);
        foreach (var option in new Option[] { window, iterations, lr, lead, starts, multiplier, period, epoch, output }) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var run = AssimilationRun.From(parse.GetValue(source)!);
            var settings = run.Config.Assimilate ?? new AssimilateConfig();
            settings = settings with
            {
                Window = parse.GetValue(window) ?? settings.Window,
                Iterations = parse.GetValue(iterations) ?? settings.Iterations,
                LearningRate = parse.GetValue(lr) ?? settings.LearningRate,
                Lead = parse.GetValue(lead) ?? settings.Lead,
                Starts = parse.GetValue(starts) ?? settings.Starts,
                ForcingMultiplier = parse.GetValue(multiplier) ?? settings.ForcingMultiplier,
            };
            run = run with
            {
                Settings = settings,
                Period = parse.GetValue(period) is { } p ? DatePeriod.Parse(p) : null,
                Epoch = parse.GetValue(epoch),
                OutputFolder = parse.GetValue(output),
            };
            var result = run.Run(Console.WriteLine);
            Console.WriteLine($"NSE of the first {settings.Lead} days after each start, median over basins:");
            Console.WriteLine("start        open loop  assimilated    gain   window MSE before → after");
            foreach (var s in result.PerStart)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Start:yyyy-MM-dd}  {s.OpenLoop,9:F3}  {s.Assimilated,11:F3}  {Signed(s.Gain),6}   {s.LossBefore,8:G4} → {s.LossAfter:G4}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"all starts and basins ({result.Rows.Count}): median NSE open loop {AssimilationResult.Median(result.Rows.Select(r => r.NseOpenLoop)):F3}, " +
                $"assimilated {AssimilationResult.Median(result.Rows.Select(r => r.NseAssimilated)):F3}, median gain {Signed(AssimilationResult.Median(result.Rows.Select(r => r.Gain)))}"));
            Console.WriteLine($"wrote assimilation.csv, summary.csv and results.json in {result.Folder}");
            return 0;
        }));
        return command;
    }

    /// <summary>A gain with its sign, three decimals.</summary>
    static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("F3", CultureInfo.InvariantCulture);
}
