namespace DeltaModel.Cli.Workspace;

/// <summary>
/// The build-only facts beside an experiment.yaml (its schema rejects unknown keys, so they live in files):
/// <c>skip.txt</c>, whose text says why the experiment cannot run yet, and <c>requires.txt</c>, the data-root
/// properties it cannot run without, one per line (blank lines and <c># comments</c> allowed).
/// </summary>
/// <param name="SkipReason">The text of skip.txt; null when there is none.</param>
/// <param name="Requires">The properties named in requires.txt.</param>
internal sealed record ExperimentOptOuts(string? SkipReason, IReadOnlyList<DataRootProperty> Requires)
{
    public const string SkipFile = "skip.txt";
    public const string RequiresFile = "requires.txt";

    /// <summary>Reads both files of an experiment folder; an unknown property in requires.txt is an error naming the
    /// file, the line, the value and the properties there are.</summary>
    public static ExperimentOptOuts Read(string experimentFolder)
    {
        var skip = Path.Combine(experimentFolder, SkipFile);
        var reason = File.Exists(skip) ? File.ReadAllText(skip).Trim() : null;
        var requires = Path.Combine(experimentFolder, RequiresFile);
        if (reason is "") reason = $"{SkipFile} gives no reason";   // the file's presence is the opt-out
        return new ExperimentOptOuts(reason, File.Exists(requires) ? ParseRequires(requires, File.ReadAllLines(requires)) : []);
    }

    /// <summary>The properties named by the lines of a requires.txt (<paramref name="file"/> is for messages).</summary>
    public static IReadOnlyList<DataRootProperty> ParseRequires(string file, IReadOnlyList<string> lines)
    {
        var properties = new List<DataRootProperty>();
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#');
            var name = (hash >= 0 ? line[..hash] : line).Trim();
            if (name.Length == 0) continue;
            var property = DataRootProperty.Find(name) ?? throw new ArgumentException(
                $"{file}:{i + 1}: '{name}' is not a data-root property; expected one per line of " +
                $"{string.Join(", ", DataRootProperty.All.Select(p => p.Name))}.");
            if (!properties.Contains(property)) properties.Add(property);
        }
        return properties;
    }
}
