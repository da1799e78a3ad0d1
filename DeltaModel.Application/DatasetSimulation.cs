using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;

namespace DeltaModel.Application;

/// <summary>
/// A trained model (a model folder: <c>config.resolved.yaml</c>, <c>model/</c> with normalization statistics and
/// weights — a run's <c>out/</c>, or the weights shipped in an experiment folder) applied to a dataset folder of any
/// registered format, writing its series, and its metrics when the dataset has observations, into a folder of its own:
/// <c>deltamodel simulate</c>. The run itself is <see cref="RunPlan.ForSimulation"/> and
/// <see cref="ExperimentRunner.Simulate"/>, the same as Invoke-DeltaSimulation's.
/// </summary>
/// <param name="ModelFolder">The trained model's folder.</param>
/// <param name="DataFolder">The dataset folder; its format is detected (<see cref="DatasetFormats.Detect"/>).</param>
/// <param name="OutputFolder">Where simulation.csv / .parquet, scalars.csv and metrics.csv / .json go.</param>
public sealed record DatasetSimulation(string ModelFolder, string DataFolder, string OutputFolder)
{
    /// <summary>Folder of the attribute tables; null = the model's own attribute tables when they are on this
    /// machine (the model's inputs are those attributes), else the dataset's.</summary>
    public string? AttributesFolder { get; init; }

    /// <summary>Basins to simulate; null = every basin of the dataset.</summary>
    public BasinSelection? Basins { get; init; }

    /// <summary>Scored days; null = the whole record after the model's warm-up.</summary>
    public DatePeriod? Period { get; init; }

    /// <summary>Checkpoint epoch; null = the best validation epoch, else the last.</summary>
    public int? Epoch { get; init; }

    /// <summary>float32 or bfloat16; null = the model's simulate.network_precision.</summary>
    public string? NetworkPrecision { get; init; }

    /// <summary>A state file to start from instead of a warm-up (<c>simulate.initial_state</c>); with no <see cref="Period"/>
    /// the run starts the day after the state's date. Null = warm-up.</summary>
    public string? InitialState { get; init; }

    /// <summary>Overwrite an earlier simulation in <see cref="OutputFolder"/>.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// The model's data section pointed at the new dataset: its format, folder, basins and attribute tables; the
    /// forcing product, PET method, attribute fill and target stay the model's, since they define its inputs.
    /// </summary>
    public DataConfig DataSection(ExperimentConfig trained)
    {
        var folder = Path.GetFullPath(DataFolder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"dataset folder not found: {folder}.");
        var attributes = AttributesFolder is { } given ? Path.GetFullPath(given)
            : trained.Data.AttributesPath is { } own && Directory.Exists(own) ? own : null;
        return trained.Data with
        {
            Format = DatasetFormats.Detect(folder).Name, Path = folder, AttributesPath = attributes,
            Basins = Basins?.Ids ?? [], BasinFile = null,
        };
    }

    string? InitialStatePath => InitialState is { } state ? Path.GetFullPath(state) : null;

    /// <summary>Loads the data and simulates; returns the evaluation (metrics when the dataset has observations).</summary>
    /// <exception cref="RunInputException">An earlier simulation is in the output folder (reason SimulationExists) and <see cref="Force"/> is not set.</exception>
    public EvaluationResult Run(IProgress<TrainingProgress>? progress, Action<string> log, CancellationToken cancel = default)
    {
        var output = Path.GetFullPath(OutputFolder);
        var existing = SimulationWriter.FileNames.Where(f => File.Exists(Path.Combine(output, f))).ToList();
        if (existing.Count > 0 && !Force)
            throw new RunInputException("SimulationExists", $"{output} holds an earlier simulation ({string.Join(", ", existing)}); nothing was simulated. " +
                                  "Give another --out folder, or --force to overwrite it.");
        var trained = Application.ModelFolder.Load(ModelFolder);
        var model = trained with { Data = DataSection(trained) };
        RunPlan plan;
        HydroDataset dataset;
        if (Period is { } period)
        {
            plan = RunPlan.ForSimulation(model, null, period, NetworkPrecision, output, InitialStatePath);
            dataset = plan.LoadData(log);
        }
        else
        {
            dataset = DataSource.Folder(model.Data).Load(ModelBlueprint.For(model), null, log);
            plan = RunPlan.ForSimulation(model, dataset, null, NetworkPrecision, output, InitialStatePath);
        }
        bool observed = dataset.Dynamic.TryGetValue(model.Data.Target, out var target) && target.Values.Any(float.IsFinite);
        return new ExperimentRunner(plan, progress, log).Simulate(dataset, Epoch, cancel, scored: observed);
    }
}
