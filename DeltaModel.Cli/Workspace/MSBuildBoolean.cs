namespace DeltaModel.Cli.Workspace;

/// <summary>An MSBuild boolean property as Experiments.proj passes it through (<c>-p:Retrain=true</c>).</summary>
internal static class MSBuildBoolean
{
    /// <summary>true for <c>true</c> in any case; anything else (empty, false) is false, as MSBuild's own conditions
    /// compare <c>'$(Retrain)' == 'true'</c> case-insensitively.</summary>
    public static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
