namespace DeltaModel.Reporting;

/// <summary>
/// The committed copy of a run's small outputs that travels with the repository: <c>experiments/&lt;name&gt;/results/</c>,
/// laid out as the run's <c>out/</c> (so <see cref="DeltaModel.Core.Outputs.RunFolder"/> reads it), holding only
/// what is small and says what the run achieved (docs/experiments.md, "Shipped results").
/// </summary>
public static class ShippedResults
{
    public const string FolderName = "results";

    /// <summary>The committed results folder of an experiment folder.</summary>
    public static string Folder(string experimentFolder) => Path.Combine(experimentFolder, FolderName);
}
