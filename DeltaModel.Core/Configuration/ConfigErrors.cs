namespace DeltaModel.Core.Configuration;

/// <summary>
/// Collects every problem of one config file so they can all be reported at once, each with file, line and key.
/// </summary>
public sealed class ConfigErrors
{
    readonly List<string> problems = [];
    readonly IReadOnlyDictionary<string, int> lines;

    /// <param name="filePath">The config file (for messages).</param>
    /// <param name="lines">1-based line of each dotted key path seen in the file (e.g. <c>train.epochs</c>).</param>
    public ConfigErrors(string filePath, IReadOnlyDictionary<string, int>? lines = null)
    {
        FilePath = filePath;
        this.lines = lines ?? new Dictionary<string, int>();
    }

    public string FilePath { get; }
    public bool Any => problems.Count > 0;
    public IReadOnlyList<string> Problems => problems;

    /// <summary>Records a problem at <paramref name="keyPath"/> (line looked up; the nearest enclosing key if absent).</summary>
    public void Add(string keyPath, string problem) => problems.Add($"{Location(keyPath)}: {problem}");

    /// <summary>Records "key: expected X, got Y".</summary>
    public void Expected(string keyPath, string expectation, object? got) =>
        Add(keyPath, $"'{keyPath}': expected {expectation}, got {Describe(got)}.");

    /// <summary>Records a problem at an explicit line.</summary>
    public void AddAtLine(int line, string problem) => problems.Add($"{FilePath}:{line}: {problem}");

    /// <summary>Throws a <see cref="ConfigException"/> listing every problem, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (Any) throw new ConfigException(FilePath, problems);
    }

    string Location(string keyPath)
    {
        for (var k = keyPath; k.Length > 0; k = k.Contains('.') ? k[..k.LastIndexOf('.')] : "")
            if (lines.TryGetValue(k, out int line)) return $"{FilePath}:{line}";
        return FilePath;
    }

    static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>()) + "]",
        _ => $"'{value}'",
    };
}
