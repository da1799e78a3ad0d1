using DeltaModel.Application;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// A unit whose experiment folder ships trained weights (<c>results/</c> holding a model folder: config, normalization,
/// best.ckpt; docs/experiments.md, "Shipped results") is reproduced by re-testing those weights — minutes instead of
/// the hours of a training — unless a retraining is asked for (<c>-p:Retrain=true</c>).
/// </summary>
internal static class ShippedModel
{
    /// <summary>
    /// The runner arguments of a Reproduce run from shipped weights (<c>--mode test</c>), after copying them into
    /// <paramref name="outputDir"/> when it holds no model of its own; null when the unit trains (retraining asked,
    /// or nothing shipped), so the caller decides as for any unit.
    /// </summary>
    public static string? RunnerArguments(string shippedFolder, string outputDir, bool retrain)
    {
        if (retrain || !ModelFolder.Holds(shippedFolder)) return null;
        if (!ModelFolder.Holds(outputDir)) ModelFolder.Ship(shippedFolder, outputDir);
        return "--mode test";
    }
}
