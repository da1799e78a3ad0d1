using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Application;

/// <summary>
/// <c>results.json</c>: the last file a run writes (atomically), so its presence means the run finished. Experiments.proj
/// uses it as the incremental output and the report reads it. Schema in docs/outputs.md.
/// </summary>
public static class ResultsFile
{
    public const string FileName = "results.json";

    public static void Write(string path, ExperimentConfig config, ExperimentResult result)
    {
        var json = new JsonObject
        {
            ["experiment"] = config.Name,
            ["mode"] = config.Mode,
            ["config_hash"] = ExperimentRunner.ConfigHash(config),
            ["seed"] = config.Seed,
            ["device"] = config.Device,
            ["git_commit"] = GitCommit(Path.GetDirectoryName(config.SourcePath)),
            ["finished"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["training"] = result.Training is { } t ? new JsonObject
            {
                ["epochs"] = t.Epochs.Count,
                ["final_loss"] = Finite(t.FinalLoss),
                ["seconds"] = Math.Round(t.Epochs.Sum(e => e.Seconds), 1),
            } : null,
            ["evaluation"] = result.Evaluation is { } e ? new JsonObject
            {
                ["phase"] = e.Phase,
                ["epoch"] = e.Epoch,
                ["basins"] = e.Basins,
                ["days"] = e.Days,
                ["seconds"] = Math.Round(e.Seconds, 2),
                ["basin_days_per_second"] = Math.Round(e.BasinDaysPerSecond),
                ["summary"] = e.Metrics is { } m ? Summary(m) : null,
            } : null,
            ["expected"] = new JsonArray(result.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["metric"] = c.Metric,
                ["statistic"] = c.Statistic,
                ["value"] = c.Value,
                ["tolerance"] = c.Tolerance,
                ["ours"] = Finite(c.Ours),
                ["pass"] = c.Pass,
                ["source"] = c.Source,
            }).ToArray()),
        };
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    static JsonObject Summary(MetricsTable metrics)
    {
        var summary = new JsonObject();
        foreach (var name in metrics.Names)
        {
            var stats = new JsonObject();
            foreach (var stat in MetricsTable.Statistics) stats[stat] = Finite(metrics.Aggregate(name, stat));
            stats["n"] = metrics.FiniteCount(name);
            summary[name] = stats;
        }
        return summary;
    }

    /// <summary>JSON has no NaN: a missing value is null.</summary>
    static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;

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
