using System.CommandLine;
using DeltaModel.Core.Configuration;
using DeltaModel.Models;
using DeltaModel.Models.Experiments;

namespace DeltaModel.Cli.Commands;

/// <summary><c>deltamodel run &lt;experiment.yaml&gt;</c>: trains, tests or simulates one experiment and prints its metrics.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("experiment") { Description = "Experiment file (YAML)." };
        var mode = new Option<string?>("--mode") { Description = "Override 'mode': train, test, train_test or simulate." };
        var epochs = new Option<int?>("--epochs") { Description = "Override 'train.epochs'." };
        var device = new Option<string?>("--device") { Description = "Override 'device': cpu, cuda or cuda:N." };
        var output = new Option<string?>("--output") { Description = "Override 'output_dir' (relative to the current folder)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override any key by its dotted path, e.g. --set model.nn.hidden_size=128 (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var fresh = new Option<bool>("--fresh") { Description = "Start training over instead of resuming the checkpoint in the output folder." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };

        var command = new Command("run", "Run an experiment: train, test, train_test or simulate.")
        {
            file, mode, epochs, device, output, set, fresh, quiet,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliErrors.Run(() =>
        {
            var settings = (parse.GetValue(set) ?? []).Select(ParseSetting).ToList();
            if (parse.GetValue(mode) is { } m) settings.Add(("mode", m));
            if (parse.GetValue(epochs) is { } e) settings.Add(("train.epochs", e.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (parse.GetValue(device) is { } d) settings.Add(("device", d));
            var outputDir = parse.GetValue(output);
            var config = ExperimentConfig.Load(parse.GetValue(file)!.FullName,
                outputDir is null ? null : c => c with { OutputDir = Path.GetFullPath(outputDir) }, settings, ModelRegistry.ConfigPlugins);

            var console = new RunConsole(Console.Out, parse.GetValue(quiet));
            console.Header(config);
            var runner = new ExperimentRunner(config, console.Progress, console.Log);
            var result = runner.Run(parse.GetValue(fresh), cancel);
            console.Summary(result);
            return result.Checks.All(c => c.Pass) ? 0 : ExpectedFailed;
        })));
        return command;
    }

    /// <summary>Exit code when the run worked but a result fell outside its expected band.</summary>
    public const int ExpectedFailed = 3;

    static (string Path, string Value) ParseSetting(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--set '{text}': expected key.path=value, e.g. --set train.epochs=5.");
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
