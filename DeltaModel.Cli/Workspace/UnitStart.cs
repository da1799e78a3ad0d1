namespace DeltaModel.Cli.Workspace;

/// <summary>
/// The runner arguments one run of a unit adds, decided in one place for a run here (<c>workspace start</c>, before
/// Experiments.proj's Exec) and for a Slurm array task (<see cref="Slurm.SlurmTask"/>, at submission), so both follow
/// the same rules: shipped weights are re-tested (<see cref="ShippedModel"/>) unless retraining is asked for; a unit
/// that ran before starts over (<see cref="UnitMarker.RunnerArguments"/>); the run that combines an experiment's
/// members never does (it evaluates the members' trained models, which <c>--fresh</c> would delete).
/// </summary>
/// <param name="Kept">Arguments every attempt gets (<c>--mode test</c> from shipped weights).</param>
/// <param name="Reset">Arguments only the first attempt gets (<c>--fresh</c>): a task that Slurm requeues
/// (preemption, node failure) resumes its own checkpoint instead.</param>
internal sealed record UnitStart(string Kept, string Reset)
{
    /// <param name="marker">The unit's marker.</param>
    /// <param name="mode">The runner mode of the action (train, test; null or empty: the file's).</param>
    /// <param name="shipped">The experiment's shipped model folder (results/) where it has one and the action is
    /// Reproduce; null otherwise.</param>
    /// <param name="outputDir">The unit's output folder, where shipped weights are copied.</param>
    /// <param name="retrain">-p:Retrain=true: train even when weights are shipped.</param>
    /// <param name="combine">The unit combines the experiment's members (<c>--combine</c>).</param>
    public static UnitStart Decide(UnitMarker marker, string? mode, string? shipped, string? outputDir, bool retrain, bool combine)
    {
        if (!string.IsNullOrEmpty(shipped) && !string.IsNullOrEmpty(outputDir)
            && ShippedModel.RunnerArguments(shipped, outputDir, retrain) is { } fromShipped)
            return new UnitStart(fromShipped, "");
        return new UnitStart("", combine ? "" : marker.RunnerArguments(mode));
    }

    /// <summary>The arguments of a first attempt.</summary>
    public string Arguments => string.Join(' ', new[] { Kept, Reset }.Where(a => a.Length > 0));
}
