using DeltaModel.Application;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// A unit whose experiment folder ships trained weights (<c>results/</c> holding a model folder: config, normalization,
/// best.ckpt; docs/experiments.md, "Shipped results") is reproduced by re-testing those weights — minutes instead of
/// the hours of a training — unless a retraining is asked for (<c>-p:Retrain=true</c>). An experiment of several runs
/// ships the weights of each finished member instead: those members are put back into the output folder, where the
/// runner tests them without training (<c>ShippedMember</c>) and trains only the members still missing.
/// </summary>
internal static class ShippedModel
{
    /// <summary>
    /// The runner arguments of a Reproduce run from shipped weights (<c>--mode test</c>), after copying them into
    /// <paramref name="outputDir"/> when it holds no model of its own; null when the unit trains (retraining asked,
    /// nothing shipped, or shipped members only, which are copied back first), so the caller decides as for any unit.
    /// </summary>
    public static string? RunnerArguments(string shippedFolder, string outputDir, bool retrain)
    {
        if (retrain) return null;
        if (!ModelFolder.Holds(shippedFolder))
        {
            RestoreMembers(shippedFolder, outputDir);
            return null;
        }
        if (!ModelFolder.Holds(outputDir)) ModelFolder.Ship(shippedFolder, outputDir);
        return "--mode test";
    }

    /// <summary>Copies each shipped member with weights into the same place under <paramref name="outputDir"/>, unless
    /// that member has a model there already (its own training, finished or not, is never overwritten).</summary>
    static void RestoreMembers(string shippedFolder, string outputDir)
    {
        foreach (var member in FinishedMembers.In(shippedFolder).Where(m => ModelFolder.Holds(Path.Combine(shippedFolder, m))))
        {
            var target = Path.Combine(outputDir, member);
            if (Directory.Exists(new RunFolder(target).Model)) continue;
            var source = Path.Combine(shippedFolder, member);
            // results.json last, as a run writes it: a copy cut short is a member without a record, which trains.
            AtomicFile.CopyInto(Directory.GetFiles(source, "*", SearchOption.AllDirectories)
                                         .OrderBy(f => Path.GetFileName(f) == RunFolder.ResultsFileName), source, target);
        }
    }
}
