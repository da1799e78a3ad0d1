using DeltaModel.Core.Configuration;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Models;

namespace DeltaModel.Application;

/// <summary>
/// A trained model on disk: an experiment's output folder holding <c>config.resolved.yaml</c> and <c>model/</c>
/// (normalization statistics, checkpoints, training log; docs/outputs.md). Front ends that save, copy or reopen a
/// model go through here so they agree on which files make one.
/// </summary>
public static class ModelFolder
{
    /// <summary>Writes <c>config.resolved.yaml</c> into the config's output folder (atomically); returns its path.</summary>
    public static string WriteConfig(ExperimentConfig config)
    {
        var path = new RunFolder(config.OutputDir).Config;
        AtomicFile.WriteAllText(path, config.ToYaml());
        return path;
    }

    /// <summary>
    /// The files that make the trained model in <paramref name="outputDir"/>, relative to it: the resolved config and
    /// everything in <c>model/</c> but the temporary files of an interrupted write. Simulation and test outputs are
    /// results, not the model, and are left out.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder holds no trained model (the message says what is missing).</exception>
    public static IReadOnlyList<string> Files(string outputDir)
    {
        EnsureModel(outputDir);
        return [RunFolder.ConfigFileName, .. Directory.EnumerateFiles(new RunFolder(outputDir).Model).Where(f => !AtomicFile.IsTemporary(f)).Order(StringComparer.Ordinal)
            .Select(f => Path.Combine(RunFolder.ModelFolderName, Path.GetFileName(f)))];
    }

    /// <summary>
    /// Reopens a saved model: its resolved config (as this or an earlier version wrote it), with
    /// <see cref="ExperimentConfig.OutputDir"/> pointing at <paramref name="outputDir"/> so evaluations read these
    /// checkpoints. The data section names the dataset the model was trained on; a model copied to another machine
    /// usually lacks that folder, and then runs on a dataset the caller gives (<see cref="DataSource.HasFolder"/>).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No trained model in the folder.</exception>
    /// <exception cref="ConfigException">The saved config is unusable.</exception>
    public static ExperimentConfig Load(string outputDir)
    {
        var full = Path.GetFullPath(outputDir);
        EnsureModel(full);
        return ExperimentConfig.LoadSaved(new RunFolder(full).Config, c => c with { OutputDir = full }, ModelRegistry.ConfigPlugins);
    }

    /// <summary>
    /// Copies what a trained model needs to be applied elsewhere — the resolved config, the normalization statistics
    /// and the weights it is tested with (<see cref="SelectedWeights"/>, as <c>best.ckpt</c>) — from
    /// <paramref name="outputDir"/> into <paramref name="destination"/>, laid out as a model folder (so
    /// <see cref="Load"/> and <c>deltamodel simulate --model</c> open it). The other checkpoints and the optimizer-laden
    /// <c>last.ckpt</c> stay behind: a shipped model is a few MB. Returns the files written.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No trained model in <paramref name="outputDir"/>.</exception>
    public static IReadOnlyList<string> Ship(string outputDir, string destination)
    {
        EnsureModel(outputDir);
        var (from, to) = (new RunFolder(outputDir), new RunFolder(destination));
        var weights = SelectedWeights(from) is { } selected ? (selected, to.BestCheckpoint) : (from.ResumeCheckpoint, to.ResumeCheckpoint);
        var copies = new[] { (from.Config, to.Config), (from.NormalizationStatistics, to.NormalizationStatistics), weights };
        Directory.CreateDirectory(to.Model);
        foreach (var (source, target) in copies) AtomicFile.WriteAllBytes(target, File.ReadAllBytes(source));
        return copies.Select(c => c.Item2).ToList();
    }

    /// <summary>
    /// The optimizer-free checkpoint of the weights the run is tested with: <c>best.ckpt</c> of a validated run, else
    /// the numbered checkpoint of its last epoch (the trainer always writes one, with the same weights as
    /// <c>last.ckpt</c>). Shipped as <c>best.ckpt</c>, which a shipped folder holds whatever selected it: a third of
    /// <c>last.ckpt</c>'s size under Adam, and no stale optimizer state for a resume to pick up. Null when the folder
    /// has neither (a training written before numbered checkpoints were kept).
    /// </summary>
    static string? SelectedWeights(RunFolder run)
    {
        if (File.Exists(run.BestCheckpoint)) return run.BestCheckpoint;
        if (!File.Exists(run.ResumeCheckpoint)) return null;
        var last = Checkpoint.FileName(Checkpoint.ReadHeader(run.ResumeCheckpoint).Epoch);
        var numbered = Path.Combine(run.Model, last);
        return File.Exists(numbered) ? numbered : null;
    }

    /// <summary>Whether <paramref name="folder"/> holds a model <see cref="Load"/> can open (config, statistics, weights).</summary>
    public static bool Holds(string folder)
    {
        var run = new RunFolder(folder);
        return File.Exists(run.Config) && File.Exists(run.NormalizationStatistics) && (File.Exists(run.BestCheckpoint) || File.Exists(run.ResumeCheckpoint));
    }

    /// <summary>Checkpoint files (<c>epoch_NNNN.ckpt</c>, <c>last.ckpt</c>) in the model folder, oldest epoch first.</summary>
    public static IReadOnlyList<string> Checkpoints(string outputDir)
    {
        var model = new RunFolder(outputDir).Model;
        return Directory.Exists(model) ? Directory.GetFiles(model, "*.ckpt").Order(StringComparer.Ordinal).ToArray() : [];
    }

    /// <summary>
    /// The loss history in <c>model/training_log.csv</c>, with learning rate and validation score from
    /// <c>learning_curve.csv</c> (one row per completed epoch; empty when absent), for models
    /// reopened from disk. Same layout the trainer writes (docs/outputs.md).
    /// </summary>
    public static IReadOnlyList<EpochRecord> TrainingLog(string outputDir) =>
        LearningCurve.ReadHistory(new RunFolder(outputDir).Model);

    static void EnsureModel(string outputDir)
    {
        if (!Directory.Exists(outputDir))
            throw new DirectoryNotFoundException($"model folder not found: {outputDir}");
        var run = new RunFolder(outputDir);
        // Weights are last.ckpt of a trained folder, or only best.ckpt in a shipped one (the optimizer state is not shipped).
        var weights = File.Exists(run.BestCheckpoint) ? run.BestCheckpoint : run.ResumeCheckpoint;
        var missing = new[] { run.Config, run.NormalizationStatistics, weights }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new DirectoryNotFoundException(
                $"{outputDir} holds no trained model: missing {string.Join(", ", missing.Select(f => Path.GetRelativePath(outputDir, f)))}. " +
                "Train into it first (Start-DeltaTraining -OutputPath, or deltamodel run).");
    }
}
