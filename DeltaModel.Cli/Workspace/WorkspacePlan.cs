using DeltaModel.Reporting.Inputs;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// Which of the selected experiments run, and with what data: an experiment with a <c>skip.txt</c> never runs; one
/// whose <c>requires.txt</c> names a data-root property runs only when that property is given; a given property
/// replaces <c>data.path</c> where it applies (<see cref="DataRootProperty"/>); and an experiment whose data folders
/// are absent (a fresh clone without the shared data) is skipped with a message naming the property that points at
/// them, instead of failing in the runner.
/// </summary>
internal sealed class WorkspacePlan
{
    public IReadOnlyList<ExperimentUnit> Units { get; }
    public IReadOnlyList<SkippedExperiment> Skipped { get; }

    WorkspacePlan(IReadOnlyList<ExperimentUnit> units, IReadOnlyList<SkippedExperiment> skipped) => (Units, Skipped) = (units, skipped);

    /// <param name="experimentFolders">The selected experiment folders (each holds an experiment.yaml).</param>
    /// <param name="dataRoots">The data-root properties given, by property, as full paths (<see cref="DataRootValue"/>).</param>
    public static WorkspacePlan For(IEnumerable<string> experimentFolders, IReadOnlyDictionary<DataRootProperty, string> dataRoots)
    {
        var decisions = experimentFolders.Select(dir =>
        {
            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
            var file = Path.Combine(folder, "experiment.yaml");
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: experiment file not found.", file);
            return Decide(Path.GetFileName(folder), folder, file, dataRoots);
        }).ToList();
        return new WorkspacePlan(decisions.OfType<ExperimentUnit>().ToList(), decisions.OfType<SkippedExperiment>().ToList());
    }

    static ExperimentDecision Decide(string name, string folder, string file, IReadOnlyDictionary<DataRootProperty, string> dataRoots)
    {
        var optOuts = ExperimentOptOuts.Read(folder);
        if (optOuts.SkipReason is { } reason) return new SkippedExperiment(name, $" ({ExperimentOptOuts.SkipFile}): {reason}");
        var requiresFile = Path.Combine(folder, ExperimentOptOuts.RequiresFile);
        foreach (var required in optOuts.Requires)
            if (!dataRoots.ContainsKey(required))
                return new SkippedExperiment(name, $": it needs {required.Usage} (declared in {requiresFile}).");

        var location = ExperimentInputs.Locate(file);
        var root = optOuts.Requires.FirstOrDefault() ??
                   DataRootProperty.All.FirstOrDefault(p => p.AppliesToEveryExperimentOfItsFormat && p.Format == location.Format);
        var given = root is not null && dataRoots.TryGetValue(root, out var path) ? path : null;

        var dataPath = given ?? location.DataPath;
        if (dataPath is not null && !Directory.Exists(dataPath))
            return new SkippedExperiment(name, $": its data folder {dataPath} is absent ({Origin(root, given, "data.path")}).");
        if (location.AttributesPath is { } attributes && !Directory.Exists(attributes))
            return new SkippedExperiment(name, $": its attribute folder {attributes} (data.attributes_path) is absent; " +
                                               $"pass -p:RunArgs=\"--set data.attributes_path=<folder>\".");
        return new ExperimentUnit(name, file, folder + Path.DirectorySeparatorChar, given);
    }

    /// <summary>Where the missing path came from and what to pass instead.</summary>
    static string Origin(DataRootProperty? root, string? given, string key) => (root, given) switch
    {
        ({ } r, not null) => $"from -p:{r.Name}; point {r.Name} at {r.Holds}",
        ({ } r, null) => $"{key} in the experiment file; pass {r.Usage}",
        _ => $"{key} in the experiment file; pass -p:RunArgs=\"--set {key}=<folder>\"",
    };
}
