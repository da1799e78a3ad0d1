namespace DeltaModel.Cli.Workspace;

/// <summary>What the workspace decided for one selected experiment: an <see cref="ExperimentUnit"/> to run, or a
/// <see cref="SkippedExperiment"/>.</summary>
internal abstract record ExperimentDecision(string Name);
