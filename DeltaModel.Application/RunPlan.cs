using DeltaModel.Core.Outputs;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Models;

using DeltaModel.Models.States;

namespace DeltaModel.Application;

/// <summary>
/// A run resolved before it starts: the config with every override applied and checked once, where its data come
/// from, the model it builds, and whether it starts over. Building a plan reads the experiment file and nothing
/// else: it writes, deletes and loads nothing, so it can be shown (-WhatIf, <c>deltamodel run --what-if</c>) and
/// dropped. <see cref="ExperimentRunner"/> runs it.
/// </summary>
public sealed class RunPlan
{
    RunPlan(ExperimentConfig config, DataSource data, bool fresh, string? resultsFolder = null, MemberScope? members = null)
    {
        Config = config;
        Data = data;
        Fresh = fresh;
        Members = members ?? MemberScope.All;
        Blueprint = ModelBlueprint.For(config);
        ResultsFolder = resultsFolder is null ? null : Path.GetFullPath(resultsFolder);
    }

    /// <summary>
    /// Where the evaluation writes its files when not into the model's own <c>&lt;output_dir&gt;/&lt;phase&gt;/</c>: a
    /// shipped model applied to new basins (<c>deltamodel simulate --out</c>) must not write into the model folder.
    /// </summary>
    public string? ResultsFolder { get; }

    /// <summary>The folder an evaluation of <paramref name="phase"/> writes into.</summary>
    public string PhaseFolder(string phase) => ResultsFolder ?? new RunFolder(Config.OutputDir).Phase(phase);

    /// <summary>The resolved config (written as config.resolved.yaml when the run starts).</summary>
    public ExperimentConfig Config { get; }

    public DataSource Data { get; }

    /// <summary>Delete an earlier training run in the output folder (when the run starts) instead of resuming it.</summary>
    public bool Fresh { get; }

    public ModelBlueprint Blueprint { get; }

    /// <summary>
    /// An experiment file with overrides, its data read from the folder it names. Precedence: defaults, the file,
    /// <see cref="RunOverrides.Settings"/>, the typed overrides; every problem is reported with file, line and key.
    /// </summary>
    /// <exception cref="ConfigException">The resolved config is invalid.</exception>
    public static RunPlan FromFile(string path, RunOverrides overrides, bool fresh = false)
    {
        var config = ExperimentConfig.Load(path, overrides.Apply, overrides.Settings, ModelRegistry.ConfigPlugins);
        return new RunPlan(config, DataSource.Folder(config.Data), fresh);
    }

    /// <summary>
    /// Unsaved experiment text planned as if it were the file at <paramref name="path"/>: the same checks, errors and
    /// line numbers as <see cref="FromFile"/> (the experiment builder checks and estimates every edit with it).
    /// </summary>
    /// <exception cref="ConfigException">The text is not a valid experiment.</exception>
    public static RunPlan FromText(string yaml, string path)
    {
        var config = ExperimentConfig.Parse(yaml, path, ModelRegistry.ConfigPlugins);
        return new RunPlan(config, DataSource.Folder(config.Data), fresh: false);
    }

    /// <summary>
    /// The plan of one member of this plan's ensemble or folds (<see cref="RunMember"/>): its config, already checked,
    /// over the same data source, starting over when this plan does.
    /// </summary>
    public RunPlan ForMember(ExperimentConfig member) => new(member, Data, Fresh);

    /// <summary>Whether the experiment is made of several runs (<c>ensemble</c> or <c>folds</c>), run by <see cref="MemberRunner"/>.</summary>
    public bool HasMembers => Config.Ensemble is not null || Config.Folds is not null;

    /// <summary>Which of the members (and their combination) this run does; <see cref="MemberScope.All"/> by default.</summary>
    public MemberScope Members { get; }

    /// <summary>This plan limited to <paramref name="scope"/>.</summary>
    /// <exception cref="RunInputException">A scope other than all for a single run, a member the experiment lacks, or
    /// <c>--combine</c> with <c>--fresh</c> (which would discard the members it combines).</exception>
    public RunPlan WithMembers(MemberScope scope)
    {
        if (scope == MemberScope.All) return this;
        var names = RunMember.Names(Config);
        if (names.Count == 0)
            throw new RunInputException("NoMembers", $"{Config.SourcePath} is a single run (no 'ensemble' or 'folds' section): " +
                                                     "--member and --combine apply to experiments made of several runs.");
        if (scope.Member is { } member && !names.Contains(member, StringComparer.Ordinal))
            throw new RunInputException("UnknownMember", $"--member {member}: {Config.SourcePath} has no such member; expected one of {string.Join(", ", names)}.");
        if (scope.CombineOnly && Fresh)
            throw new RunInputException("CombineFresh", "--combine with --fresh: combining evaluates the members' trained models, which --fresh would delete.");
        return new RunPlan(Config, Data, Fresh, ResultsFolder, scope);
    }

    /// <summary>A config in memory run over <paramref name="data"/>, whose data section becomes the config's.</summary>
    /// <exception cref="ConfigException">The config is invalid (an in-memory dataset's folder need not exist).</exception>
    public static RunPlan For(ExperimentConfig config, DataSource data, bool fresh = false)
    {
        var resolved = config with { Data = data.Section };
        var errors = resolved.NewErrors();
        // An in-memory dataset's data section is provenance only (its folder may be on another machine): the rest is checked.
        resolved.Validate(errors, ModelRegistry.ConfigPlugins, dataOnDisk: data.ReadsFolder);
        errors.ThrowIfAny();
        return new RunPlan(resolved, data, fresh);
    }

    /// <summary>
    /// Training a model definition (Start-DeltaTraining): on <paramref name="dataset"/>, else on the config's data
    /// section; over the override's period, else the config's, else the whole dataset after the warm-up.
    /// </summary>
    /// <param name="workingDirectory">Where <c>out/&lt;name&gt;</c> goes for a model not read from a file.</param>
    /// <exception cref="RunInputException">No data or no training period.</exception>
    public static RunPlan ForTraining(ExperimentConfig model, HydroDataset? dataset, RunOverrides overrides, string workingDirectory, bool fresh)
    {
        bool fromFile = model.SourcePath.Length > 0;
        if (dataset is null && !DataSource.HasFolder(model.Data))
            throw DatasetRequired(model.Data, "train on", "pipe or pass -Dataset (Import-HydroDataset), or build the model from an experiment file with -Config");
        var period = overrides.TrainPeriod ?? model.Train.Period ?? (dataset is null ? null : AfterWarmUp(dataset, model));
        if (period is null)
            throw new RunInputException("PeriodRequired", "no training period: give -Period START..END or set train.period in the config.");

        var defaults = model with
        {
            OutputDir = fromFile ? model.OutputDir : Path.Combine(workingDirectory, "out", model.Name ?? "deltamodel"),
            // A model built from parameters for a small dataset trains on all of it per minibatch.
            Train = model.Train with
            {
                Period = period,
                BatchSize = fromFile || dataset is null ? model.Train.BatchSize : Math.Min(model.Train.BatchSize, dataset.Basins.Count),
            },
        };
        var config = overrides.Apply(defaults) with { Mode = "train" };
        return For(config, dataset is null ? DataSource.Folder(config.Data) : DataSource.InMemory(dataset), fresh);
    }

    /// <summary>
    /// Simulating a trained model (Invoke-DeltaSimulation) over <paramref name="period"/>, else the whole dataset
    /// after the warm-up; on <paramref name="dataset"/>, else on the model's data section.
    /// </summary>
    /// <param name="networkPrecision">float32 or bfloat16; null keeps simulate.network_precision.</param>
    /// <param name="resultsFolder">Where the series (and metrics) go; null = the model's <c>simulate/</c> folder.</param>
    /// <exception cref="RunInputException">Neither data nor a period.</exception>
    public static RunPlan ForSimulation(ExperimentConfig trained, HydroDataset? dataset, DatePeriod? period, string? networkPrecision,
        string? resultsFolder = null, string? initialState = null)
    {
        var scored = period is { } p ? new PeriodConfig { Start = p.Start, End = p.End }
            : dataset is null ? throw new RunInputException("PeriodRequired", "without -Dataset, give -Period START..END to load from the model's data section.")
            : initialState is not null ? AfterState(dataset, initialState)
            : AfterWarmUp(dataset, trained);
        if (dataset is null && !DataSource.HasFolder(trained.Data))
            throw DatasetRequired(trained.Data, "simulate", "pipe or pass -Dataset (Import-HydroDataset)");
        var config = trained with
        {
            Mode = "simulate",
            Simulate = trained.Simulate with
            {
                Period = scored, NetworkPrecision = networkPrecision ?? trained.Simulate.NetworkPrecision, InitialState = initialState ?? trained.Simulate.InitialState,
            },
        };
        var plan = For(config, dataset is null ? DataSource.Folder(config.Data) : DataSource.InMemory(dataset));
        return resultsFolder is null ? plan : new RunPlan(plan.Config, plan.Data, plan.Fresh, resultsFolder);
    }

    /// <summary>No dataset given and no folder of the model's on this machine (none named, or named but absent).</summary>
    static RunInputException DatasetRequired(DataConfig data, string verb, string remedy) => new("DatasetRequired",
        data.Path.Length == 0 ? $"no data to {verb}: {remedy}."
            : $"no data to {verb}: the model's data folder {data.Path} is not on this machine; {remedy}.");

    /// <summary>The dataset's days after the state's date (the run continues from the state).</summary>
    static PeriodConfig AfterState(HydroDataset dataset, string initialState)
    {
        try
        {
            return new() { Start = ModelStateFile.ReadDate(initialState).AddDays(1), End = dataset.End };
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new RunInputException("InitialStateInvalid", $"initial state: {e.Message}") { Target = initialState };
        }
    }

    static PeriodConfig AfterWarmUp(HydroDataset dataset, ExperimentConfig config) =>
        new() { Start = dataset.Start.AddDays(config.Model.WarmUp), End = dataset.End };

    /// <summary>Whether the mode trains.</summary>
    public bool Trains => Config.Mode is "train" or "train_test";

    /// <summary>The evaluation the mode runs after training (test, scored; or simulate), or null.</summary>
    public (EvaluationConfig Section, string Phase, bool Scored)? Evaluation => Config.Mode switch
    {
        "test" or "train_test" => (Config.Test, RunFolder.TestPhase, true),
        "simulate" => (Config.Simulate, RunFolder.SimulatePhase, false),
        _ => null,
    };

    /// <summary>The scored periods the mode needs, training first.</summary>
    public IReadOnlyList<PeriodConfig> Periods =>
        [.. Trains ? TrainingPeriods : [], .. Evaluation is { } e ? [e.Section.Period!] : Array.Empty<PeriodConfig>()];

    /// <summary>The training period and, when validation has its own, the validation period.</summary>
    IReadOnlyList<PeriodConfig> TrainingPeriods =>
        Config.Validation?.Period is { } validation ? [Config.Train.Period!, validation] : [Config.Train.Period!];

    /// <summary>The train, test and simulate periods the config names, whatever its mode (to load data for all of them).</summary>
    public IReadOnlyList<PeriodConfig> ConfiguredPeriods =>
        new[] { Config.Train.Period, Config.Validation?.Period, Config.Test.Period, Config.Simulate.Period }.OfType<PeriodConfig>().ToList();

    /// <summary>The input days of a scored period: its warm-up before it (none with <paramref name="fromState"/>).</summary>
    /// <param name="fromState">The run starts from a state (<c>simulate.initial_state</c>, <c>test.initial_state</c>) and reads no warm-up.</param>
    public DatePeriod InputPeriod(PeriodConfig scored, bool fromState = false) =>
        new(scored.Start.AddDays(fromState ? 0 : -Config.Model.WarmUp), scored.End);

    /// <summary>The data of the mode's periods (or of <paramref name="periods"/>), with every variable the model needs.</summary>
    public HydroDataset LoadData(Action<string>? log = null, IReadOnlyList<PeriodConfig>? periods = null)
    {
        periods ??= Periods;
        if (periods.Count == 0) throw new ArgumentException("give at least one period to load.", nameof(periods));
        var inputs = periods.Select(p => InputPeriod(p, fromState: Evaluation is { } e && e.Section.InitialState is not null && e.Section.Period == p)).ToList();
        return Data.Load(Blueprint, new DatePeriod(inputs.Min(p => p.Start), inputs.Max(p => p.End)), log ?? (_ => { }));
    }

    /// <summary>A rough cost of one training epoch (for the plan shown before a run).</summary>
    public TrainingEstimate Estimate() => TrainingEstimate.For(Config, Data.BasinCount,
        Data.Dataset?.DayCount ?? (Config.Train.Period?.Days ?? 0) + Config.Model.WarmUp);

    /// <summary>What the run would do, for -WhatIf and <c>--what-if</c>: model, data, periods, estimate, outputs.</summary>
    public string Describe() => RunPlanText.Describe(this);
}
