using DeltaModel.Core.Configuration;

namespace DeltaModel.Application;

/// <summary>A finished <see cref="RunMember"/>: its config and what its run did (outputs in memory dropped).</summary>
public sealed record MemberRun(string Name, ExperimentConfig Config, ExperimentResult Result);
