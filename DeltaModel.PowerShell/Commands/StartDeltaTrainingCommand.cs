using System.Globalization;
using System.Management.Automation;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Outputs;
using DeltaModel.Models;
using DeltaModel.Models.Experiments;
using DeltaModel.PowerShell.Completers;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Trains a model on a dataset and returns the trained model (loss history, checkpoints).</para>
/// <para type="description">Runs the Core trainer (ExperimentSession.Train) on a worker thread and reports progress per
/// minibatch (rate-limited) and epoch. Ctrl+C stops after the current minibatch; the checkpoint of the completed epochs
/// is kept and a rerun resumes from it. -WhatIf prints the config, data size, a rough time and memory estimate per
/// epoch and the output paths, and writes nothing. Writes config.resolved.yaml and model/ into -OutputPath.</para>
/// <example><code>$m | Start-DeltaTraining -Dataset $d -Period 1995-10-01..2005-09-30 -Epochs 1 -OutputPath ./out</code><para>Trains for one epoch on ten water years; progress shows per minibatch and Ctrl+C keeps the completed epochs.</para></example>
/// <example><code>New-DeltaModel -Config ./experiments/camels-sample-dhbv/experiment.yaml | Start-DeltaTraining -WhatIf</code><para>Shows what training the experiment would do (data size, time and memory estimate, output paths) without training.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DeltaTraining", SupportsShouldProcess = true)]
[OutputType(typeof(TrainedDeltaModel))]
public sealed class StartDeltaTrainingCommand : DeltaCmdlet
{
    CmdletWorker? worker;

    /// <summary>The model to train (from New-DeltaModel).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public DeltaModelDefinition Model { get; set; } = null!;

    /// <summary>Data to train on; default: the dataset the model was built with, else the config's data section.</summary>
    [Parameter]
    public HydroDataset? Dataset { get; set; }

    /// <summary>Scored training days; default: the config's train.period, else the whole dataset after the warm-up.</summary>
    [Parameter]
    [DatePeriodTransformation]
    public DatePeriod? Period { get; set; }

    /// <summary>Passes over the data.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? Epochs { get; set; }

    /// <summary>Minibatches per epoch; default: δMG's formula.</summary>
    [Parameter]
    [ValidateRange(1, 10000000)]
    public int? IterationsPerEpoch { get; set; }

    /// <summary>Basins per minibatch.</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public int? BatchSize { get; set; }

    /// <summary>Training loss from the registry.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LossNameCompleter))]
    public string? Loss { get; set; }

    /// <summary>cpu, cuda or cuda:N.</summary>
    [Parameter]
    [ValidatePattern(@"^(cpu|cuda(:\d+)?)$")]
    public string? Device { get; set; }

    /// <summary>Random seed of weights, sampling and dropout.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Output folder; default: the config's output_dir, or ./out/&lt;name&gt; for a model built from parameters.</summary>
    [Parameter]
    [Alias("Destination")]
    public string? OutputPath { get; set; }

    /// <summary>Start over instead of resuming a compatible checkpoint in the output folder (deletes its model/ folder).</summary>
    [Parameter]
    public SwitchParameter Fresh { get; set; }

    protected override void ProcessRecord() => Terminating(Train, () => Model);

    protected override void StopProcessing() => worker?.Stop();

    void Train()
    {
        var config = Resolve(out var dataset);
        var period = config.Train.Period!;
        var estimate = TrainingEstimate.For(config, dataset?.Basins.Count ?? config.Data.Basins.Count, dataset?.DayCount ?? period.Days + config.Model.WarmUp);
        var plan = Describe(config, dataset, estimate);
        if (!ShouldProcess(plan, $"Train {config.Name} into {config.OutputDir}?", "Start-DeltaTraining")) return;

        var data = dataset ?? LoadConfiguredData(config);
        using (worker = new CmdletWorker(this, 1, $"Training {config.Name}"))
        {
            var result = worker.Run((progress, log, cancel) =>
            {
                using var session = new ExperimentSession(config, progress, log, Fresh);
                ModelFolder.WriteConfig(config);
                return session.Train(data, cancel);
            });
            if (result.Cancelled)
                WriteWarning($"training stopped after {result.Epochs.Count} epoch(s); the checkpoint in {config.OutputDir} is kept and a rerun resumes from it.");
            WriteObject(new TrainedDeltaModel(config, result));
        }
        worker = null;
    }

    /// <summary>The model's config with this call's choices applied, checked as a whole.</summary>
    ExperimentConfig Resolve(out HydroDataset? dataset)
    {
        var c = Model.Config;
        dataset = Dataset ?? Model.Dataset;
        bool fromFile = c.SourcePath.Length > 0;
        var output = OutputPath is not null ? ResolvePath(OutputPath)
            : fromFile ? c.OutputDir
            : ResolvePath(System.IO.Path.Combine("out", c.Name ?? "deltamodel"));
        if (dataset is null && c.Data.Path.Length == 0)
            Fail("DatasetRequired", ErrorCategory.InvalidArgument, Model,
                "no data to train on: pipe or pass -Dataset (Import-HydroDataset), or build the model from an experiment file with -Config.");

        var train = c.Train.Period;
        if (Period is { } p) train = new PeriodConfig { Start = p.Start, End = p.End };
        else if (train is null && dataset is not null)
            train = new PeriodConfig { Start = dataset.Start.AddDays(c.Model.WarmUp), End = dataset.End };
        if (train is null)
            Fail("PeriodRequired", ErrorCategory.InvalidArgument, Model, "no training period: give -Period START..END or set train.period in the config.");

        var config = c with
        {
            Mode = "train",
            OutputDir = output,
            Device = Device ?? c.Device,
            Seed = Seed ?? c.Seed,
            Data = dataset is null ? c.Data : fromFile ? c.Data with { Basins = dataset.Basins, BasinFile = null, Target = dataset.TargetName }
                : DatasetOrigins.For(dataset, output),
            Train = c.Train with
            {
                Period = train,
                Epochs = Epochs ?? c.Train.Epochs,
                IterationsPerEpoch = IterationsPerEpoch ?? c.Train.IterationsPerEpoch,
                BatchSize = BatchSize ?? (fromFile || dataset is null ? c.Train.BatchSize : Math.Min(c.Train.BatchSize, dataset.Basins.Count)),
                Loss = Loss is null ? c.Train.Loss : c.Train.Loss with { Name = Loss },
            },
        };
        // A dataset passed in memory needs no data folder (the data section is then provenance only); check the rest.
        var check = dataset is not null && !Directory.Exists(config.Data.Path)
            ? config with { Data = config.Data with { Path = AppContext.BaseDirectory } }
            : config;
        var errors = config.NewErrors();
        check.Validate(errors, ModelRegistry.ConfigPlugins);
        errors.ThrowIfAny();
        return config;
    }

    HydroDataset LoadConfiguredData(ExperimentConfig config)
    {
        using var session = new ExperimentSession(config, log: WriteVerbose);
        return session.LoadData(config.Train.Period!);
    }

    static string Describe(ExperimentConfig c, HydroDataset? dataset, TrainingEstimate e)
    {
        var m = c.Model;
        var model = m.Physics is { } p
            ? $"{m.Nn.Name}({m.Nn.HiddenSize}) → {p.Name} × {p.Components}" + (p.DynamicParameters.Count > 0 ? $", dynamic {string.Join(",", p.DynamicParameters)}" : "")
            : $"{m.Nn.Name}({m.Nn.HiddenSize}) → {c.Data.Target}";
        var data = dataset is null
            ? $"{c.Data.Format} data at {c.Data.Path} (loaded when training starts)"
            : $"{dataset.Basins.Count} basins × {dataset.DayCount} days ({dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd}), {dataset.Dynamic.Count} variables";
        return string.Create(CultureInfo.InvariantCulture, $"""
            Train '{c.Name}': {model}
              data:     {data}
              period:   {c.Train.Period} (warm-up {m.WarmUp} d, rho {m.Rho} d)
              training: {c.Train.Epochs} epoch(s) × {e.Iterations} minibatch(es) of {c.Train.BatchSize} basins, loss {c.Train.Loss.Name}, {c.Train.Optimizer.Name}, device {c.Device}
              estimate: ~{FormatSeconds(e.SecondsPerEpoch)} per epoch, ~{FormatBytes(e.PeakBytes)} per minibatch (rough, CPU)
              outputs:  {new RunFolder(c.OutputDir).Config}
                        {new RunFolder(c.OutputDir).Model}{Path.DirectorySeparatorChar} (last.ckpt, epoch_NNNN.ckpt, normalization.json, training_log.csv)
            """);
    }

    static string FormatBytes(long b) => b switch
    {
        < 1L << 20 => FormattableString.Invariant($"{b / 1024.0:F0} KiB"),
        < 1L << 30 => FormattableString.Invariant($"{b / 1048576.0:F0} MiB"),
        _ => FormattableString.Invariant($"{b / 1073741824.0:F1} GiB"),
    };

    static string FormatSeconds(double s) => s switch
    {
        < 1 => "<1 s",
        < 120 => FormattableString.Invariant($"{s:F0} s"),
        < 7200 => FormattableString.Invariant($"{s / 60:F0} min"),
        _ => FormattableString.Invariant($"{s / 3600:F1} h"),
    };
}
