namespace DeltaModel.Cli.Workspace;

/// <summary>
/// Turns a path as it arrives from the command line into a full folder path. A Windows user's
/// <c>-p:CamelsRoot="D:\camels\"</c> reaches MSBuild as <c>D:\camels"</c> (the backslash escaped the closing quote),
/// and a trailing separator would escape the quote MSBuild puts around the value when it passes it on; so quotes,
/// blanks and trailing separators (either slash, on every OS) are cut before the path is made absolute.
/// </summary>
internal static class DataRootValue
{
    /// <summary>The full path of <paramref name="value"/> relative to <paramref name="baseDirectory"/>, without a
    /// trailing separator (a root such as <c>/</c> or <c>D:\</c> keeps its own); null for an empty value.</summary>
    public static string? Normalize(string? value, string baseDirectory)
    {
        var trimmed = value?.Trim().Trim('"').Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        var withoutSeparators = trimmed.TrimEnd('/', '\\');
        // "/" or "\" alone: the root, which must keep its separator.
        var path = withoutSeparators.Length == 0 ? trimmed[..1] : withoutSeparators;
        if (path.EndsWith(':')) path += Path.DirectorySeparatorChar;   // "D:" is the current folder of drive D, "D:\" its root
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, baseDirectory));
    }
}
