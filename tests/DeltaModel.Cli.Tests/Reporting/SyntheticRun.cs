using System.Globalization;

namespace DeltaModel.Cli.Tests.Reporting;

/// <summary>Writes the runner contract's files (docs/experiments.md) into a scratch out/ folder, without a model.</summary>
internal static class SyntheticRun
{
    /// <param name="nse">Per-basin NSE; basin ids are 0100000k.</param>
    /// <param name="expected">Published value of the median NSE to compare with (tolerance 0.02), or null for none.</param>
    public static string Write(string outDir, string name, double[] nse, double? expected, int days = 40, double seconds = 12.5)
    {
        Directory.CreateDirectory(Path.Combine(outDir, "model"));
        Directory.CreateDirectory(Path.Combine(outDir, "test"));
        File.WriteAllText(Path.Combine(outDir, "model", "training_log.csv"), "epoch,loss,seconds,minibatches\n1,0.9,1,2\n2,0.7,1,2\n3,0.55,1,2\n");
        var ids = nse.Select((_, i) => $"0100000{i}").ToArray();
        File.WriteAllText(Path.Combine(outDir, "test", "metrics.csv"),
            "basin,nse,kge\n" + string.Concat(ids.Select((id, i) => $"{id},{F(nse[i])},0.5\n")));
        using (var w = new StreamWriter(Path.Combine(outDir, "test", "simulation.csv")))
        {
            w.WriteLine("basin,date,observed,streamflow,et");
            var start = new DateTime(2005, 10, 1);
            foreach (var id in ids)
                for (int d = 0; d < days; d++)
                    w.WriteLine($"{id},{start.AddDays(d):yyyy-MM-dd},{(d == 5 ? "NaN" : F(1 + Math.Sin(d / 5.0)))},{F(1 + 0.9 * Math.Sin(d / 5.0))},0.4");
        }
        var sorted = nse.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var expectedJson = expected is { } e
            ? $"[{{\"metric\":\"nse\",\"statistic\":\"median\",\"value\":{F(e)},\"tolerance\":0.02,\"ours\":{F(median)},\"pass\":true,\"source\":\"test paper\"}}]"
            : "[]";
        File.WriteAllText(Path.Combine(outDir, "results.json"), $$"""
            {"experiment":"{{name}}","mode":"train_test","config_hash":"0123456789ABCDEF","seed":7,"device":"cpu",
             "git_commit":"abc1234","finished":"2026-12-01T22:10:00Z","seconds":{{F(seconds)}},
             "training":{"epochs":3,"final_loss":0.55,"seconds":10},
             "evaluation":{"phase":"test","epoch":3,"basins":{{nse.Length}},"days":{{days}},"seconds":0.2,"basin_days_per_second":1000,
               "summary":{"nse":{"median":{{F(median)}},"mean":{{F(nse.Average())}},"std":0.1,"p25":0.5,"p75":0.8,"n":{{nse.Length}}} } },
             "expected":{{expectedJson}}}
            """);
        return outDir;
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
