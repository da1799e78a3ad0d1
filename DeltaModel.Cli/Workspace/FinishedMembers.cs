using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Models;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// The members (ensemble seeds, folds) of a run folder — an <c>out/</c> or its shipped <c>results/</c> — that have
/// finished, each with its own results.json, named from the run's saved config as the runner names them
/// (<see cref="RunMember"/>). A run still going ships these (<c>workspace ship</c>), and a clone takes them back
/// (<see cref="ShippedModel"/>) instead of training them again.
/// </summary>
internal static class FinishedMembers
{
    /// <summary>Their folders relative to <paramref name="runFolder"/>, in run order; empty for a single run or a folder
    /// without a saved config.</summary>
    public static IReadOnlyList<string> In(string runFolder)
    {
        var run = new RunFolder(runFolder);
        if (!File.Exists(run.Config)) return [];
        var config = ExperimentConfig.LoadSaved(run.Config, c => c with { OutputDir = runFolder }, ModelRegistry.ConfigPlugins);
        return RunMember.Names(config)
            .Select(name => RunMember.Folder(config, name))
            .Where(folder => File.Exists(new RunFolder(Path.Combine(runFolder, folder)).Results))
            .ToList();
    }
}
