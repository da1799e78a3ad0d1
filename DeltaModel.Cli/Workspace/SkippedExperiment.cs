namespace DeltaModel.Cli.Workspace;

/// <summary>A selected experiment that will not run.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Why">Why, and what would make it run; follows the name in <see cref="Message"/>.</param>
internal sealed record SkippedExperiment(string Name, string Why) : ExperimentDecision(Name)
{
    public string Message => $"Skipping {Name}{Why}";
}
