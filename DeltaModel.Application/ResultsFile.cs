using System.Diagnostics;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Core.Training;

namespace DeltaModel.Application;

/// <summary>
/// <c>results.json</c>: the last file a run writes (atomically), so its presence means the run finished. Experiments.proj
/// uses it as the incremental output and the report reads it. Schema in docs/outputs.md.
/// </summary>
public static class ResultsFile
{
    public static void Write(string path, ExperimentConfig config, ExperimentResult result) =>
        Of(config, result).Write(path);

    /// <summary>The <see cref="RunResults"/> record of a finished run (numbers rounded for reading, NaN as null).</summary>
    public static RunResults Of(ExperimentConfig config, ExperimentResult result) => new()
    {
        Experiment = config.Name ?? "",   // set by ExperimentConfig.Load (the folder name when the file has none)
        Mode = config.Mode,
        ConfigHash = ExperimentRunner.ConfigHash(config),
        Seed = config.Seed,
        Device = config.Device,
        GitCommit = GitCommit(Path.GetDirectoryName(config.SourcePath)),
        // Whole seconds: the file has always carried the time as yyyy-MM-ddTHH:mm:ssZ.
        Finished = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        Seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
        Coupling = ModelBlueprint.Coupling(config),
        Training = result.Training is { } t ? Training(config, t) : null,
        Evaluation = result.Evaluation is { } e ? Evaluation(e) : null,
        Expected = result.Checks.Select(c => new ExpectedResult
        {
            Metric = c.Metric, Statistic = c.Statistic, Value = c.Value, Tolerance = c.Tolerance, Ours = Finite(c.Ours), Pass = c.Pass,
            Source = c.Source,
        }).ToList(),
        Combination = result.Combination,
        Members = result.Members.Count == 0 ? null : result.Members.Select(m => new MemberResults
        {
            Name = m.Name,
            Folder = Path.GetRelativePath(config.OutputDir, m.Config.OutputDir).Replace('\\', '/'),
            Seed = m.Config.Seed,
            ConfigHash = ExperimentRunner.ConfigHash(m.Config),
            Training = m.Result.Training is { } t ? Training(m.Config, t) : null,
            Evaluation = m.Result.Evaluation is { } e ? Evaluation(e) : null,
        }).ToList(),
    };

    static EvaluationSummary Evaluation(EvaluationResult e) => new()
    {
        Phase = e.Phase,
        Epoch = e.Epoch,
        Basins = e.Basins,
        Days = e.Days,
        Seconds = Math.Round(e.Seconds, 2),
        BasinDaysPerSecond = Math.Round(e.BasinDaysPerSecond),
        Summary = e.Metrics is { } m ? Summary(m, e.Peaks) : null,
        ParameterRecovery = e.Recovery.Count == 0 ? null : e.Recovery.Select(r => new RecoverySummary
        {
            Parameter = r.Parameter, Attribute = r.Attribute, N = r.Count, R2 = Finite(r.R2), Bias = Finite(r.Bias), Rmse = Finite(r.Rmse),
        }).ToList(),
    };

    static TrainingSummary Training(ExperimentConfig config, TrainingResult t) => new()
    {
        Epochs = t.Epochs.Count,
        FinalLoss = Finite(t.FinalLoss),
        Seconds = Math.Round(t.Epochs.Sum(e => e.Seconds), 1),
        Minibatches = t.Epochs.Sum(e => (long)e.Minibatches),
        SelectedEpoch = t.SelectedEpoch,
        NetworkPrecision = t.NetworkPrecision,
        Validation = config.Validation is { } v ? new ValidationSummary
        {
            Metric = v.Metric, Statistic = v.Statistic, BestEpoch = t.BestEpoch, Best = Finite(t.BestScore), StoppedEarly = t.StoppedEarly,
        } : null,
        LearningCurve = t.Epochs.Select(e => new LearningCurvePoint
        {
            Epoch = e.Epoch,
            Loss = Finite(e.Loss),
            LearningRate = double.IsFinite(e.LearningRate) ? e.LearningRate : null,   // unrounded: a decayed lr can be tiny
            Validation = e.Validation is { } score ? Finite(score) : null,
        }).ToList(),
    };

    /// <summary>Each metric over the basins; with a split, also <see cref="PeakErrorKey"/> over every held-out peak.</summary>
    static Dictionary<string, MetricStatistics> Summary(MetricsTable metrics, PeakErrors? peaks)
    {
        var summary = metrics.Names.ToDictionary(name => name, name => Statistics(metrics.Summary.Get(name)));
        if (peaks is not null) summary[PeakErrorKey] = Statistics(MetricAggregate.From(PeakErrorKey, peaks.RelativeErrors));
        return summary;
    }

    /// <summary>The summary entry of the held-out peaks' relative errors (N = peaks, not basins).</summary>
    public const string PeakErrorKey = "peak_relative_error";

    internal static MetricStatistics Statistics(MetricAggregate a) => new()
    {
        Median = Finite(a.Median), Mean = Finite(a.Mean), Std = Finite(a.Std), P25 = Finite(a.P25), P75 = Finite(a.P75), N = a.Count,
    };

    /// <summary>JSON has no NaN: a missing value is null.</summary>
    static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    /// <summary>The commit of the repository holding the experiment (for the results table); null outside git.</summary>
    static string? GitCommit(string? folder)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = folder ?? ".",
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null) return null;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // git not installed
        }
    }
}
