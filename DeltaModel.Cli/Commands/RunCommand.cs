using System.CommandLine;
using DeltaModel.Application;

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
        var whatIf = new Option<bool>("--what-if") { Description = "Print what the run would do (data, periods, time and memory estimate, outputs) and stop." };
        var member = new Option<string?>("--member")
        {
            Description = "Of an ensemble or folds, train and test only this member (seed_1, fold_2, …) in its own folder; combine later with --combine.",
        };
        var combine = new Option<bool>("--combine")
        {
            Description = "Of an ensemble or folds whose members all finished (--member runs), only combine them: ensemble mean or pooled folds.",
        };

        var command = new Command("run", "Run an experiment: train, test, train_test or simulate.")
        {
            file, mode, epochs, device, output, set, fresh, quiet, whatIf, member, combine,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CliErrors.Run(() =>
        {
            var overrides = new RunOverrides
            {
                Settings = (parse.GetValue(set) ?? []).Select(RunOverrides.ParseSetting).ToList(),
                Mode = parse.GetValue(mode), Epochs = parse.GetValue(epochs), Device = parse.GetValue(device),
                OutputDir = parse.GetValue(output) is { } outputDir ? Path.GetFullPath(outputDir) : null,
            };
            var plan = RunPlan.FromFile(parse.GetValue(file)!.FullName, overrides, parse.GetValue(fresh))
                .WithMembers(MemberScope.From(parse.GetValue(member), parse.GetValue(combine)));
            if (parse.GetValue(whatIf))
            {
                Console.Out.WriteLine(plan.Describe());
                return 0;
            }

            var console = RunConsole.For(Console.Out, parse.GetValue(quiet));
            console.Header(plan.Config);
            var runner = new ExperimentRunner(plan, console.Progress, console.Log);
            var result = console.Live(() => runner.Run(cancel));
            console.Summary(result);
            return result.Checks.All(c => c.Pass) ? 0 : ExpectedFailed;
        })));
        return command;
    }

    /// <summary>Exit code when the run worked but a result fell outside its expected band.</summary>
    public const int ExpectedFailed = 3;
}
