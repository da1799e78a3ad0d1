namespace DeltaModel.Core.Data;

/// <summary>
/// Bad or inconsistent input data. The message always says what was expected; when the problem is in a file it
/// names the file and, where one applies, the 1-based line (<see cref="FilePath"/>, <see cref="Line"/>).
/// </summary>
public class DataException : Exception
{
    public DataException(string message) : base(message) { }

    public DataException(string filePath, int? line, string problem)
        : base(line is { } l ? $"{filePath}:{l}: {problem}" : $"{filePath}: {problem}")
    {
        FilePath = filePath;
        Line = line;
    }

    /// <summary>The offending file, when the problem is in one.</summary>
    public string? FilePath { get; }

    /// <summary>1-based line number in <see cref="FilePath"/>, when it applies.</summary>
    public int? Line { get; }
}
