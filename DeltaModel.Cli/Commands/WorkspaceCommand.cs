using System.CommandLine;
using DeltaModel.Application;
using DeltaModel.Cli.Workspace;
using DeltaModel.Cli.Workspace.Slurm;
using DeltaModel.Core.Outputs;
using DeltaModel.Reporting;
using DeltaModel.Reporting.Inputs;
using DeltaModel.Reporting.Sweeps;

namespace DeltaModel.Cli.Commands;

/// <summary>
/// <c>deltamodel workspace plan|inputs|start|finish|submit</c>: the decisions of Experiments.proj, so its targets keep
/// only items, Inputs/Outputs and calls. <c>plan</c> says which selected experiments (or sweep members) run and with
/// what data (<see cref="WorkspacePlan"/>); <c>inputs</c> lists a unit's data files; <c>start</c> and <c>finish</c>
/// frame one unit's run (<see cref="UnitMarker"/>); <c>submit</c> runs the queued units as a Slurm job array and waits
/// for them (<see cref="SlurmSubmission"/>).
/// </summary>
internal static class WorkspaceCommand
{
    public static Command Create()
    {
        var command = new Command("workspace", "Decisions of Experiments.proj (which experiments run, fresh or resumed, when a unit is done).");
        command.Subcommands.Add(Plan());
        command.Subcommands.Add(Inputs());
        command.Subcommands.Add(Start());
        command.Subcommands.Add(Finish());
        command.Subcommands.Add(Submit());
        command.Subcommands.Add(Ship());
        return command;
    }

    /// <summary><c>workspace ship &lt;experiment-folder&gt;… [--weights]</c>: results/ from out/ (Experiments.proj -t:Ship).</summary>
    static Command Ship()
    {
        var folders = new Argument<string[]>("experiment-folder") { Description = "Experiment folders whose out/ to ship.", Arity = ArgumentArity.OneOrMore };
        var weights = new Option<bool>("--weights")
        {
            Description = "Also ship the trained model (config, normalization, best.ckpt): a few MB, for headline models; " +
                          "of an ensemble or folds, each finished member's, so a clone trains only the members still missing.",
        };
        var command = new Command("ship", "Copy a finished run's small outputs (and with --weights its model) into the experiment's committed results/ folder; " +
                                          "of an ensemble or folds still going, those of the members finished so far.");
        command.Arguments.Add(folders);
        command.Options.Add(weights);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            foreach (var folder in parse.GetValue(folders)!)
            {
                var outputDir = RunFolder.For(folder).Folder;
                var destination = ShippedResults.Folder(Path.GetDirectoryName(outputDir)!);
                var members = FinishedMembers.In(outputDir);
                var files = ShippedResults.Copy(outputDir, destination, members).ToList();
                if (parse.GetValue(weights)) files.AddRange(ShipWeights(outputDir, destination, members));
                long bytes = files.Distinct().Sum(f => new FileInfo(f).Length);
                Console.WriteLine($"{destination}: {files.Distinct().Count()} files, {bytes / 1024.0 / 1024.0:F1} MB");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The run's model, or each finished member's (<paramref name="members"/>); a single run without one is an error.</summary>
    static IEnumerable<string> ShipWeights(string outputDir, string destination, IReadOnlyList<string> members) =>
        members.Count == 0 || ModelFolder.Holds(outputDir)
            ? ModelFolder.Ship(outputDir, destination)
            : members.SelectMany(m => ModelFolder.Ship(Path.Combine(outputDir, m), Path.Combine(destination, m)));

    static Command Plan()
    {
        var folders = new Argument<string[]>("experiment-folder") { Description = "The selected experiment folders.", Arity = ArgumentArity.ZeroOrMore };
        var units = new Option<string>("--units") { Description = "Write the units to run here, one MSBuild property list per line.", Required = true };
        var roots = new Option<string[]>("--data-root")
        {
            Description = $"A data-root property as Name=folder ({string.Join(", ", DataRootProperty.All.Select(p => p.Name))}); an empty folder is not given.",
            AllowMultipleArgumentsPerToken = false,
        };
        var sweep = new Option<string?>("--sweep")
        {
            Description = "Expand the one runnable experiment into sweep members ('seed=1,2|model.nn.hidden_size=64,128', " +
                          "or '' for its sweep.yaml): one unit per member.",
        };
        var members = new Option<bool>("--members")
        {
            Description = "One unit per member of an ensemble or folds, and the experiment's unit combining them (-p:Scheduler=slurm).",
        };
        var command = new Command("plan", "Print which selected experiments are skipped and why; write the units that run.");
        command.Arguments.Add(folders);
        command.Options.Add(units);
        command.Options.Add(roots);
        command.Options.Add(sweep);
        command.Options.Add(members);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var plan = WorkspacePlan.For(parse.GetValue(folders) ?? [], DataRoots(parse.GetValue(roots) ?? []));
            foreach (var s in plan.Skipped) Console.WriteLine(s.Message);
            foreach (var u in plan.Units) UnitMarker.AdoptEarlierResults(u.Folder);
            // Sweep points stay whole units: a member split applies to the experiments themselves.
            var lines = parse.GetResult(sweep) is not null ? SweepUnits(plan.Units, parse.GetValue(sweep) ?? "")
                : parse.GetValue(members) ? plan.Units.SelectMany(MemberUnits.For)
                : plan.Units.Select(u => u.MSBuildProperties);
            var file = parse.GetValue(units)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            AtomicFile.WriteAllText(file, string.Concat(lines.Select(l => l + "\n")));
            return 0;
        }));
        return command;
    }

    /// <summary>One unit per member of the sweep of the one runnable experiment: its properties, then
    /// <c>SweepMember=&lt;id&gt;;SweepArgs=--set k=v …;UnitKind=sweep</c> (ids and values never hold ';', see
    /// <see cref="SweepSpec"/>). An inline <paramref name="spec"/> wins over the experiment's sweep.yaml.</summary>
    static IEnumerable<string> SweepUnits(IReadOnlyList<ExperimentUnit> units, string spec)
    {
        if (units.Count != 1)
            throw new ArgumentException("Sweep expands one experiment: pass -p:Experiment=<name> (runnable selected: " +
                                        $"{(units.Count == 0 ? "none" : string.Join(", ", units.Select(u => u.Name)))}).");
        var unit = units[0];
        var file = Path.Combine(unit.Folder, "sweep.yaml");
        if (string.IsNullOrWhiteSpace(spec) && !File.Exists(file))
            throw new FileNotFoundException($"{file}: no sweep.yaml; pass -p:Sweep=\"key=v1,v2|…\" or add the file.", file);
        var sweep = string.IsNullOrWhiteSpace(spec) ? SweepSpec.Read(file) : SweepSpec.Parse(spec);
        return sweep.Members().Select(m => $"{unit.MSBuildProperties};SweepMember={m.Id};SweepArgs={m.RunArguments};UnitKind=sweep");
    }

    /// <summary>Name=folder pairs; relative folders are taken from the current directory (MSBuild's start folder).</summary>
    static Dictionary<DataRootProperty, string> DataRoots(string[] pairs)
    {
        var roots = new Dictionary<DataRootProperty, string>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            var property = eq > 0 ? DataRootProperty.Find(pair[..eq]) : null;
            if (property is null)
                throw new ArgumentException($"--data-root '{pair}': expected Name=folder with Name one of {string.Join(", ", DataRootProperty.All.Select(p => p.Name))}.");
            if (DataRootValue.Normalize(pair[(eq + 1)..], Environment.CurrentDirectory) is { } folder) roots[property] = folder;
        }
        return roots;
    }

    static Command Inputs()
    {
        var yaml = new Argument<string>("experiment-file") { Description = "The experiment.yaml." };
        var dataPath = new Option<string?>("--data-path") { Description = "The data.path the run will use instead of the file's (a data root)." };
        var command = new Command("inputs", "Print the data files an experiment reads, one per line (the unit's Inputs).");
        command.Arguments.Add(yaml);
        command.Options.Add(dataPath);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var path = parse.GetValue(dataPath);
            foreach (var file in ExperimentInputs.Resolve(parse.GetValue(yaml)!, string.IsNullOrWhiteSpace(path) ? null : path))
                Console.WriteLine(file);
            return 0;
        }));
        return command;
    }

    static Command Start()
    {
        var marker = new Option<string>("--marker") { Description = "The unit's marker, obj/<unit>.<Action>.done.", Required = true };
        var mode = new Option<string?>("--mode") { Description = "The runner mode of this action (train, test), if any." };
        var shipped = new Option<string?>("--shipped") { Description = "The experiment's shipped model folder (results/): a Reproduce run re-tests its weights instead of training." };
        var output = new Option<string?>("--output") { Description = "The unit's output folder, where shipped weights are copied." };
        var retrain = new Option<string?>("--retrain") { Description = "true: train even when weights are shipped (-p:Retrain=true)." };
        var combine = new Option<bool>("--combine") { Description = "The unit combines an experiment's members: never --fresh." };
        var command = new Command("start", "Print the runner arguments this run of the unit adds (--fresh when it ran before; --mode test from shipped weights).");
        foreach (var option in new Option[] { marker, mode, shipped, output, retrain, combine }) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            // Prints nothing else: MSBuild takes everything this verb writes as the runner arguments.
            var start = UnitStart.Decide(new UnitMarker(parse.GetValue(marker)!), parse.GetValue(mode), parse.GetValue(shipped), parse.GetValue(output),
                                         MSBuildBoolean.IsTrue(parse.GetValue(retrain)), parse.GetValue(combine));
            Console.WriteLine(start.Arguments);
            return 0;
        }));
        return command;
    }

    static Command Finish()
    {
        var marker = new Option<string>("--marker") { Description = "The unit's marker, obj/<unit>.<Action>.done.", Required = true };
        var output = new Option<string>("--output") { Description = "The unit's output folder (holds results.json).", Required = true };
        var label = new Option<string?>("--label") { Description = "The unit's name in messages." };
        var command = new Command("finish", "Check the runner's results.json and mark the unit done.");
        command.Options.Add(marker);
        command.Options.Add(output);
        command.Options.Add(label);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var m = new UnitMarker(parse.GetValue(marker)!);
            m.Complete(new RunFolder(Path.GetFullPath(parse.GetValue(output)!)).Results, parse.GetValue(label) ?? m.Unit);
            return 0;
        }));
        return command;
    }

    static Command Submit()
    {
        var queue = new Option<string>("--queue") { Description = "The folder of task files the build queued (deleted once submitted).", Required = true };
        var jobs = new Option<string>("--jobs") { Description = "Where the job-array scripts and Slurm's own output files go.", Required = true };
        var partition = new Option<string?>("--partition") { Description = "sbatch --partition for every unit (else the experiment's slurm.yaml)." };
        var time = new Option<string?>("--time") { Description = "sbatch --time for every unit, e.g. 2:00:00." };
        var cpus = new Option<string?>("--cpus") { Description = "sbatch --cpus-per-task for every unit." };
        var memory = new Option<string?>("--mem") { Description = "sbatch --mem for every unit, e.g. 8G." };
        var arguments = new Option<string?>("--sbatch-args") { Description = "Further sbatch arguments for every unit, split at blanks." };
        var wait = new Option<string?>("--wait") { Description = "true (default): wait for the array and fail on a failed unit; false: return once submitted." };
        var poll = new Option<double>("--poll-seconds") { Description = "Seconds between squeue polls while waiting.", DefaultValueFactory = _ => 10 };
        var command = new Command("submit", "Submit the queued units as Slurm job arrays (one task per unit) and wait for them.");
        foreach (var o in new Option[] { queue, jobs, partition, time, cpus, memory, arguments, wait, poll }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            string? Given(Option<string?> o) => string.IsNullOrWhiteSpace(parse.GetValue(o)) ? null : parse.GetValue(o)!.Trim();
            var resources = new SlurmResources(Given(partition), Given(time), SlurmResources.ParseCpus(Given(cpus), "-p:SlurmCpus"),
                                               Given(memory), Given(arguments));
            var waits = Given(wait) switch
            {
                null or "true" or "True" => true,
                "false" or "False" => false,
                var other => throw new ArgumentException($"-p:SlurmWait: expected true or false, got '{other}'."),
            };
            var seconds = parse.GetValue(poll);
            if (!(seconds > 0)) throw new ArgumentException($"-p:SlurmPollSeconds: expected a number of seconds > 0, got {seconds}.");
            return new SlurmSubmission(new SlurmCommands(), Console.Out, TimeSpan.FromSeconds(seconds))
                .Run(Path.GetFullPath(parse.GetValue(queue)!), Path.GetFullPath(parse.GetValue(jobs)!), resources, waits);
        }));
        return command;
    }
}
