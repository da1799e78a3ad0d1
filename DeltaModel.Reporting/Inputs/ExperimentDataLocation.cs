using DeltaModel.Core.Configuration;

namespace DeltaModel.Reporting.Inputs;

/// <summary>Where an experiment's data lies, as its file says (absolute paths; null where the key is absent).</summary>
/// <param name="Format">The <c>data.format</c> (the config's default when absent).</param>
/// <param name="DataPath">The <c>data.path</c> folder.</param>
/// <param name="AttributesPath">The <c>data.attributes_path</c> folder, when the file names one.</param>
public sealed record ExperimentDataLocation(string Format, string? DataPath, string? AttributesPath)
{
    /// <summary>The format of a file that names none (the config's own default, so the two cannot disagree).</summary>
    public static string DefaultFormat { get; } = new DataConfig { Path = "" }.Format;
}
