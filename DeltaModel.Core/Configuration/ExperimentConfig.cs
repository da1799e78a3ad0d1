namespace DeltaModel.Core.Configuration;

/// <summary>
/// One experiment file (YAML): data, model, training, testing and simulation settings. Every key has a default or
/// is required; unknown or misspelt keys are errors with line numbers; paths are relative to the file.
/// The schema is documented in docs/configuration.md.
/// </summary>
public sealed record ExperimentConfig : IConfigSection
{
    public static readonly IReadOnlyList<string> Modes = ["train", "test", "train_test", "simulate"];

    /// <summary>Experiment name; default: the name of the folder holding the file.</summary>
    public string? Name { get; init; }

    /// <summary>Free text shown in reports.</summary>
    public string Description { get; init; } = "";

    /// <summary>What to run: train, test, train_test or simulate.</summary>
    public string Mode { get; init; } = "train_test";

    /// <summary>Random seed for weights, sampling and dropout.</summary>
    public int Seed { get; init; } = 111111;

    /// <summary>cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Output folder (relative to the experiment file).</summary>
    [ConfigPath]
    public string OutputDir { get; init; } = "out";

    /// <summary>
    /// Assemblies (.dll, relative to the experiment file) whose plug-ins — physics models, networks, losses, dataset
    /// formats — are registered before the rest of the file is read (docs/plugins.md); null = none.
    /// </summary>
    [ConfigPath, ConfigOmitWhenNull]
    public IReadOnlyList<string>? Plugins { get; init; }

    public required DataConfig Data { get; init; }
    public ModelConfig Model { get; init; } = new();
    public TrainConfig Train { get; init; } = new();
    public EvaluationConfig Test { get; init; } = new();

    /// <summary>Held-out data scored during training (best epoch, early stopping); null = none.</summary>
    [ConfigOmitWhenNull]
    public ValidationConfig? Validation { get; init; }

    /// <summary>Train several members and score their mean; null = one model.</summary>
    [ConfigOmitWhenNull]
    public EnsembleConfig? Ensemble { get; init; }

    /// <summary>k-fold spatial cross-validation over committed basin files; null = train and test on the same basins.</summary>
    [ConfigOmitWhenNull]
    public FoldsConfig? Folds { get; init; }

    /// <summary>A rule that chooses each basin's training and test days (unseen extremes); null = the periods alone.</summary>
    [ConfigOmitWhenNull]
    public SplitConfig? Split { get; init; }

    public EvaluationConfig Simulate { get; init; } = new();

    /// <summary>Variational data assimilation settings (<c>deltamodel assimilate</c>); null = the defaults.</summary>
    [ConfigOmitWhenNull]
    public AssimilateConfig? Assimilate { get; init; }
    public OutputsConfig Outputs { get; init; } = new();

    /// <summary>Published results to compare with (see Experiments.proj's Reproduce target).</summary>
    public IReadOnlyList<ExpectedResultConfig> Expected { get; init; } = [];

    /// <summary>The file this config was read from (not a YAML key).</summary>
    [ConfigIgnore]
    public string SourcePath { get; init; } = "";

    /// <summary>Lines of the keys in <see cref="SourcePath"/>, for late errors (not a YAML key).</summary>
    [ConfigIgnore]
    public IReadOnlyDictionary<string, int> KeyLines { get; init; } = new Dictionary<string, int>();

    /// <summary>Reads, binds and validates an experiment file.</summary>
    /// <param name="overrides">Typed changes (e.g. from command-line options), applied before validation.</param>
    /// <param name="settings">Key overrides such as <c>("model.nn.hidden_size", "128")</c> (sweeps, <c>--set</c>), applied before binding.</param>
    /// <param name="plugins">The keys networks and models add to their sections (DeltaModel.Models' <c>ModelRegistry.ConfigPlugins</c>);
    /// null = none, so such keys are errors.</param>
    /// <exception cref="ConfigException">Every problem found, each with file, line and key.</exception>
    public static ExperimentConfig Load(string path, Func<ExperimentConfig, ExperimentConfig>? overrides = null,
        IReadOnlyList<(string Path, string Value)>? settings = null, ConfigPlugins? plugins = null) =>
        Read(path, overrides, settings, plugins, ConfigOrigin.UserFile);

    /// <summary>
    /// Reads the config a run saved beside its model (<c>config.resolved.yaml</c>), by this or an earlier version
    /// (<see cref="ConfigOrigin.SavedRun"/>). Its data section is a record of what the model was trained on: the
    /// folder may be on another machine, so it is not required to exist here.
    /// </summary>
    /// <exception cref="ConfigException">Every problem found, each with file, line and key.</exception>
    public static ExperimentConfig LoadSaved(string path, Func<ExperimentConfig, ExperimentConfig>? overrides, ConfigPlugins? plugins) =>
        Read(path, overrides, settings: null, plugins, ConfigOrigin.SavedRun);

    /// <summary>
    /// Binds and validates experiment text as if it were the file at <paramref name="path"/> (which need not exist):
    /// the same rules, errors and line numbers as <see cref="Load"/>, for an editor checking unsaved text.
    /// </summary>
    /// <exception cref="ConfigException">Every problem found, each with file, line and key.</exception>
    public static ExperimentConfig Parse(string yaml, string path, ConfigPlugins? plugins = null) =>
        Bind(yaml, Path.GetFullPath(path), overrides: null, settings: null, plugins, ConfigOrigin.UserFile);

    static ExperimentConfig Read(string path, Func<ExperimentConfig, ExperimentConfig>? overrides,
        IReadOnlyList<(string Path, string Value)>? settings, ConfigPlugins? plugins, ConfigOrigin origin)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConfigException(full, [$"{full}: file not found."]);
        return Bind(File.ReadAllText(full), full, overrides, settings, plugins, origin);
    }

    static ExperimentConfig Bind(string yaml, string full, Func<ExperimentConfig, ExperimentConfig>? overrides,
        IReadOnlyList<(string Path, string Value)>? settings, ConfigPlugins? plugins, ConfigOrigin origin)
    {
        var (config, lines, errors) = YamlBinder.Bind<ExperimentConfig>(yaml, full, Path.GetDirectoryName(full)!, settings, plugins, origin);
        // Plug-in assemblies register names and keys the rest of the file may use: load them, then read it again. An
        // assembly that fails to load is reported alone: the names it would have registered are unknown, not wrong.
        if (plugins is not null && config.Plugins is { Count: > 0 } assemblies)
        {
            var loading = new ConfigErrors(errors.FilePath, lines);
            bool loaded = plugins.LoadAssemblies(assemblies, loading);
            loading.ThrowIfAny();
            if (loaded) (config, lines, errors) = YamlBinder.Bind<ExperimentConfig>(yaml, full, Path.GetDirectoryName(full)!, settings, plugins, origin);
        }
        config = config with
        {
            Name = config.Name ?? new DirectoryInfo(Path.GetDirectoryName(full)!).Name,
            SourcePath = full,
            KeyLines = lines,
        };
        if (overrides is not null) config = overrides(config);
        config.Validate(errors, plugins, dataOnDisk: origin == ConfigOrigin.UserFile);
        errors.ThrowIfAny();
        return config;
    }

    /// <summary>
    /// This config with key settings applied, as if they were in the file (an ensemble member's <c>set</c>): the
    /// resolved YAML is bound again with them and checked in full; errors name <paramref name="label"/>.
    /// </summary>
    /// <exception cref="ConfigException">Every problem of the changed config.</exception>
    public ExperimentConfig WithSettings(IReadOnlyList<(string Path, string Value)> settings, ConfigPlugins? plugins, string label)
    {
        // Bound as a run's record (absolute paths, every default written out), then checked as a user's file.
        var (config, lines, errors) = YamlBinder.Bind<ExperimentConfig>(ToYaml(), label, Path.GetDirectoryName(SourcePath) ?? ".",
            settings, plugins, ConfigOrigin.SavedRun);
        config = config with { Name = Name, SourcePath = SourcePath, KeyLines = lines };
        config.Validate(errors, plugins);
        errors.ThrowIfAny();
        return config;
    }

    /// <summary>Checks the whole config (<see cref="Validate(ConfigErrors, string)"/>), then, once its own rules hold, the plug-ins' checks.</summary>
    /// <param name="dataOnDisk">Whether the data section's folder and basin file must exist here; false where the
    /// section only records where data came from (a dataset in memory, a saved model).</param>
    public void Validate(ConfigErrors errors, ConfigPlugins? plugins, bool dataOnDisk = true)
    {
        Validate(errors, "", dataOnDisk);
        // The plug-ins' own checks build parts of the model, which is only meaningful on values in range.
        if (!errors.Any) plugins?.Check(this, errors);
    }

    /// <summary>Errors found after loading (e.g. an unknown physics name) reported against this file and key.</summary>
    public ConfigErrors NewErrors() => new(SourcePath, KeyLines);

    public void Validate(ConfigErrors errors, string path) => Validate(errors, path, dataOnDisk: true);

    void Validate(ConfigErrors errors, string path, bool dataOnDisk)
    {
        if (!Modes.Contains(Mode)) errors.Expected("mode", $"one of {string.Join(", ", Modes)}", Mode);
        Data?.Validate(errors, "data", dataOnDisk); // null only when missing, already reported
        Model.Validate(errors, "model");
        Train.Validate(errors, "train");
        Test.Validate(errors, "test");
        Validation?.Validate(errors, "validation");
        Ensemble?.Validate(errors, "ensemble");
        Folds?.Validate(errors, "folds");
        Split?.Validate(errors, "split");
        Simulate.Validate(errors, "simulate");
        Assimilate?.Validate(errors, "assimilate");
        Outputs.Validate(errors, "outputs");
        for (int i = 0; i < Expected.Count; i++) Expected[i].Validate(errors, $"expected[{i}]");

        if (Mode is "train" or "train_test" && Train.Period is null) errors.Add("train", $"mode '{Mode}' needs 'train.period' (start, end).");
        if (Mode is "test" or "train_test" && Test.Period is null) errors.Add("test", $"mode '{Mode}' needs 'test.period' (start, end).");
        if (Mode is "simulate" && Simulate.Period is null) errors.Add("simulate", "mode 'simulate' needs 'simulate.period' (start, end).");
        if (Train.Period is { } p && p.Days < Model.Rho)
            errors.Add("train.period", $"'train.period' has {p.Days} days, fewer than model.rho = {Model.Rho}.");
        ValidateSplit(errors);
        if (Train.Targets is [var primary, ..] && Data is not null && primary.Variable != Data.Target)
            errors.Add("train.targets", $"'train.targets[0].variable' is '{primary.Variable}', but the primary target is 'data.target' ('{Data.Target}'): " +
                                        "list data.target first, or set data.target to it.");
        if (Test.TrueParameters.Count > 0 && Model.Physics is null)
            errors.Add("test.true_parameters", "'test.true_parameters' compares learned physics parameters with their true values; it needs 'model.physics'.");
        if (Train.Targets is { Count: > 1 } && Model.Physics is null)
            errors.Add("train.targets", "'train.targets': a network without physics predicts one target; several targets need 'model.physics', whose outputs they are compared with.");
        ValidateMembers(errors);
    }

    /// <summary>Rules of <c>ensemble</c>, <c>folds</c> and <c>split</c> against the rest of the config.</summary>
    void ValidateMembers(ConfigErrors errors)
    {
        if (Ensemble is not null && Folds is not null)
            errors.Add("folds", "'ensemble' and 'folds' cannot be combined yet: run one ensemble experiment per fold (data.basin_file) instead.");
        if (Folds is not null && Mode != "train_test")
            errors.Add("folds", $"'folds' trains and tests each fold, so it needs mode 'train_test', got '{Mode}'.");
        if (Folds is not null && Validation is { HoldsOutBasins: true })
            errors.Add("validation", "'folds' with held-out validation basins is not supported: validate on a period (validation.period).");
        if (Ensemble is not null && Mode == "simulate")
            errors.Add("ensemble", "'ensemble' runs train, test or train_test; simulate one member's folder instead.");
        if (Split is not { } s) return;
        if (Mode is "simulate") errors.Add("split", "'split' chooses training and test days; mode 'simulate' scores nothing.");
        if (!s.HasDates) return;   // reported by the section itself
        foreach (var (key, period) in new[] { ("train.period", Train.Period), ("test.period", Test.Period) })
            if (period is not null && (period.Start > s.Start || period.End < s.End))
                errors.Add(key, $"'{key}' {period} does not span the water years of 'split' ({s.Start:yyyy-MM-dd}..{s.End:yyyy-MM-dd}): " +
                                "the rule ranks every year in both phases. Set it to cover them.");
    }

    /// <summary>
    /// The targets trained against: <c>train.targets</c>, or the hydrology default — <c>data.target</c> against the
    /// output <c>streamflow</c> — each with its loss filled in (its own, else <c>train.loss</c>).
    /// </summary>
    public IReadOnlyList<TargetConfig> Targets() =>
        (Train.Targets ?? [new TargetConfig { Variable = Data.Target, Output = DefaultTargetOutput }])
            .Select(t => t with { Output = t.OutputName, Loss = t.Loss ?? Train.Loss }).ToList();

    /// <summary>The output the observed target is compared with when <c>train.targets</c> is not given (hydrology).</summary>
    public const string DefaultTargetOutput = "streamflow";

    /// <summary>Rules between <c>validation</c>, <c>train</c> and <c>test</c>: validation must not see test days, nor only training days.</summary>
    void ValidateSplit(ConfigErrors errors)
    {
        if (Train.EarlyStopping is not null && Validation is null)
            errors.Add("train.early_stopping", "'train.early_stopping' needs a 'validation' section to score the epochs on.");
        if (Validation is not { } v) return;
        var scored = v.Period ?? Train.Period;
        if (scored is null) return;   // no train.period: reported above
        var input = (Start: scored.Start.AddDays(-Model.WarmUp), scored.End);
        // With a split, validation scores only training years, so sharing days with test.period is by design.
        if (Split is null && Test.Period is { } t && input.Start <= t.End && t.Start <= input.End)
            errors.Add(v.Period is null ? "validation" : "validation.period",
                $"the validation days {scored} (with {Model.WarmUp} warm-up days before them) overlap test.period {t}: " +
                "the epoch would be chosen on test data. Validate on other days.");
        if (!v.HoldsOutBasins && Train.Period is { } tp && scored.Start <= tp.End && tp.Start <= scored.End)
            errors.Add("validation.period",
                $"validation.period {scored} overlaps train.period {tp} and no basins are held out, so validation would " +
                "score days the model trains on. Use days outside train.period, or hold out basins (basins, basin_file or fraction).");    }

    /// <summary>The resolved config as YAML (absolute paths, defaults filled in), saved beside every run's outputs.</summary>
    public string ToYaml() => YamlBinder.Write(this);
}
