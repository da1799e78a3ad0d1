using DeltaModel.Core.Configuration;

namespace DeltaModel.Application;

/// <summary>
/// One run of an experiment made of several (an ensemble member, a cross-validation fold): its name, its own config
/// (its own output folder, so it resumes on its own), and the basins it trains and is tested on (null = all of them).
/// </summary>
public sealed record RunMember(string Name, ExperimentConfig Config, IReadOnlyList<string>? TrainBasins = null, IReadOnlyList<string>? TestBasins = null)
{
    /// <summary>Folder of ensemble members under the experiment's output folder.</summary>
    public const string EnsembleFolder = "members";

    /// <summary>Folder of cross-validation folds under the experiment's output folder.</summary>
    public const string FoldsFolder = "folds";

    /// <summary>The members of section <c>ensemble</c>: each the experiment with its seed and settings, in <c>members/&lt;name&gt;/</c>.</summary>
    /// <exception cref="ConfigException">A member's settings make an invalid config (named by the member).</exception>
    public static IReadOnlyList<RunMember> Ensemble(ExperimentConfig config, ConfigPlugins? plugins)
    {
        var ensemble = config.Ensemble ?? throw new ArgumentException("the config has no 'ensemble' section.", nameof(config));
        var single = config with { Ensemble = null };
        return ensemble.All.Select(m =>
        {
            var member = m.Set.Count == 0 ? single
                : single.WithSettings(m.Settings, plugins, $"{config.SourcePath} (ensemble member '{m.Name}')");
            return new RunMember(m.Name, member with
            {
                Seed = m.Seed ?? config.Seed,
                OutputDir = Path.Combine(config.OutputDir, Folder(config, m.Name)),
            });
        }).ToList();
    }

    /// <summary>
    /// The folds of section <c>folds</c>: fold i trains on the other folds' basins (recorded as its <c>data.basins</c>)
    /// and is tested on its own, in <c>folds/fold_i/</c>.
    /// </summary>
    /// <param name="folds">The basins of each fold, as read from the committed files.</param>
    public static IReadOnlyList<RunMember> Folds(ExperimentConfig config, IReadOnlyList<IReadOnlyList<string>> folds) =>
        folds.Select((test, i) =>
        {
            var train = folds.Where((_, j) => j != i).SelectMany(f => f).Order(StringComparer.Ordinal).ToList();
            var name = FoldName(i);
            var member = config with
            {
                Folds = null,
                OutputDir = Path.Combine(config.OutputDir, Folder(config, name)),
                Data = config.Data with { Basins = train, BasinFile = null },
            };
            return new RunMember(name, member, train, test);
        }).ToList();

    /// <summary>
    /// The names of <paramref name="config"/>'s members, in run order, without loading data (Experiments.proj makes
    /// one Slurm array task of each); empty for a single run.
    /// </summary>
    public static IReadOnlyList<string> Names(ExperimentConfig config) =>
        config.Folds is { } folds ? Enumerable.Range(0, folds.K).Select(FoldName).ToList()
        : config.Ensemble is { } ensemble ? ensemble.All.Select(m => m.Name).ToList()
        : [];

    /// <summary>A member's folder relative to the experiment's output folder: <c>members/&lt;name&gt;</c> or <c>folds/&lt;name&gt;</c>.</summary>
    public static string Folder(ExperimentConfig config, string name) =>
        Path.Combine(config.Folds is null ? EnsembleFolder : FoldsFolder, name);

    static string FoldName(int index) => $"{FoldsConfig.FilePrefix}{index + 1}";
}
