namespace DeltaModel.Cli.Workspace;

/// <summary>An experiment that will run: one MSBuild unit of Experiments.proj.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="File">The experiment.yaml (full path).</param>
/// <param name="Folder">The experiment folder, with a trailing separator (as MSBuild's %(RootDir)%(Directory)).</param>
/// <param name="DataPath">What the run gets as <c>--set data.path=…</c>; null: the file's own data.path.</param>
internal sealed record ExperimentUnit(string Name, string File, string Folder, string? DataPath) : ExperimentDecision(Name)
{
    /// <summary>The unit's global properties in the MSBuild task's AdditionalProperties form (a path never holds ';'
    /// here: MSBuild's own item lists would have split it before).</summary>
    public string MSBuildProperties =>
        $"ExperimentName={Name};ExperimentFile={File};ExperimentDir={Folder};UnitDataPath={DataPath}";
}
