using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.PowerShell.Completers;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Trains a model on a dataset and returns the trained model (loss history, checkpoints).</para>
/// <para type="description">Runs the application layer (RunPlan.ForTraining, ExperimentRunner.Train) on a worker thread and reports progress per
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

    /// <summary>Float type of the network's matrix products in training: float32 (default: the model's
    /// train.network_precision), or bfloat16, mixed precision with float32 weights, on CPUs with AVX512-BF16 or AMX and
    /// on GPUs (elsewhere it warns and trains in float32).</summary>
    [Parameter]
    [ValidateSet("float32", "bfloat16")]
    public string? NetworkPrecision { get; set; }

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
        var overrides = new RunOverrides
        {
            OutputDir = OutputPath is null ? null : ResolvePath(OutputPath), Device = Device, Seed = Seed, Epochs = Epochs,
            IterationsPerEpoch = IterationsPerEpoch, BatchSize = BatchSize, Loss = Loss, NetworkPrecision = NetworkPrecision,
            TrainPeriod = Period is { } p ? new PeriodConfig { Start = p.Start, End = p.End } : null,
        };
        var plan = RunPlan.ForTraining(Model.Config, Dataset ?? Model.Dataset, overrides, ResolvePath("."), Fresh);
        var config = plan.Config;
        if (!ShouldProcess(plan.Describe(), $"Train {config.Name} into {config.OutputDir}?", "Start-DeltaTraining")) return;

        using (worker = new CmdletWorker(this, 1, $"Training {config.Name}"))
        {
            var result = worker.Run((progress, log, cancel) => new ExperimentRunner(plan, progress, log).Train(cancel));
            if (result.Cancelled)
                WriteWarning($"training stopped after {result.Epochs.Count} epoch(s); the checkpoint in {config.OutputDir} is kept and a rerun resumes from it.");
            WriteObject(new TrainedDeltaModel(config, result));
        }
        worker = null;
    }
}
