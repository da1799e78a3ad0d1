namespace DeltaModel.Core.Configuration;

/// <summary>
/// An experiment file that cannot be used. <see cref="Exception.Message"/> lists every problem found, one per line,
/// each naming the file, line and key and saying what was expected.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string filePath, IReadOnlyList<string> problems)
        : base(problems.Count == 1
            ? problems[0]
            : $"{filePath}: {problems.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
    {
        FilePath = filePath;
        Problems = problems;
    }

    public string FilePath { get; }
    public IReadOnlyList<string> Problems { get; }
}
