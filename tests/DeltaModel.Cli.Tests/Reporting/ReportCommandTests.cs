using DeltaModel.Cli.Commands;

namespace DeltaModel.Cli.Tests.Reporting;

/// <summary><c>deltamodel report</c> on synthetic out/ folders: files, plots, RESULTS.md rows and exit codes.</summary>
[Collection("Sequential")]
public sealed class ReportCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-report-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    string Experiment(string name, double[] nse, double? expected)
    {
        var folder = Path.Combine(root, "experiments", name);
        SyntheticRun.Write(Path.Combine(folder, "out"), name, nse, expected);
        return folder;
    }

    [Fact]
    public void Report_WritesComparisonReportAndNonEmptyPngs()
    {
        var folder = Experiment("exp-a", [0.9, 0.7, 0.2], expected: 0.7);

        Assert.Equal(0, Run("report", folder));

        var outDir = Path.Combine(folder, "out");
        Assert.Contains("| nse | median | 0.7 | 0.7 |", File.ReadAllText(Path.Combine(outDir, "comparison.md")));
        Assert.Contains("pass", File.ReadAllText(Path.Combine(outDir, "comparison.md")));
        Assert.Equal("", File.ReadAllText(Path.Combine(outDir, "expected.failures.txt")));
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        foreach (var png in new[] { "loss.png", "hydrograph_best.png", "hydrograph_median.png", "hydrograph_worst.png" })
        {
            Assert.Contains($"plots/{png}", report);
            var bytes = File.ReadAllBytes(Path.Combine(outDir, "plots", png));
            Assert.True(bytes.Length > 1000, $"{png} has {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
        Assert.Contains("basin 01000000 (NSE 0.9)", report); // best
        Assert.Contains("basin 01000002 (NSE 0.2)", report); // worst
        Assert.Contains("Evaluation (test, epoch 3): 3 basins", report);
    }

    [Fact]
    public void Report_OfAValidatedRun_NamesTheSelectedEpoch_AndDrawsTheValidationCurve()
    {
        var plain = Experiment("plain", [0.9, 0.7, 0.2], expected: null);
        var validated = Experiment("validated", [0.9, 0.7, 0.2], expected: null);
        var outDir = Path.Combine(validated, "out");
        File.WriteAllText(Path.Combine(outDir, "model", "learning_curve.csv"),
            "epoch,minibatches,loss,lr,validation\n1,2,0.9,1,0.3\n2,2,0.7,0.5,0.45\n3,2,0.55,0.25,0.4\n");
        var results = Path.Combine(outDir, "results.json");
        File.WriteAllText(results, File.ReadAllText(results).Replace("\"training\":{\"epochs\":3,\"final_loss\":0.55,\"seconds\":10}",
            "\"training\":{\"epochs\":3,\"final_loss\":0.55,\"seconds\":10,\"selected_epoch\":2,\"validation\":{\"metric\":\"nse\",\"statistic\":\"median\",\"best_epoch\":2,\"best\":0.45,\"stopped_early\":true}}"));

        Assert.Equal(0, Run("report", plain, validated));

        Assert.Contains("tested with the best validation epoch 2 (median nse 0.45), stopped early", File.ReadAllText(Path.Combine(outDir, "report.md")));
        var withCurve = File.ReadAllBytes(Path.Combine(outDir, "plots", "loss.png"));
        var without = File.ReadAllBytes(Path.Combine(plain, "out", "plots", "loss.png"));
        Assert.NotEqual(without, withCurve);                                 // same losses; the second axis and curve differ
    }

    [Fact]
    public void Report_ReplacesTheExperimentsRowsInResultsTable_KeepingOthers()
    {
        var a = Experiment("exp-a", [0.9, 0.7, 0.2], expected: 0.7);
        var b = Experiment("exp-b", [0.5, 0.6], expected: null);
        var table = Path.Combine(root, "experiments", "RESULTS.md");

        Assert.Equal(0, Run("report", a, b, "--results-table", table));
        SyntheticRun.Write(Path.Combine(a, "out"), "exp-a", [0.9, 0.71, 0.2], expected: 0.7, seconds: 99);
        Assert.Equal(0, Run("report", a, "--results-table", table));

        var rows = File.ReadAllLines(table).Where(l => l.StartsWith("| exp-")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("| exp-a | nse median | 0.71 | 0.7 ± 0.02 (test paper) | pass | 99 s | abc1234 | 0123456789ABCDEF | 7 | cpu |"));
        Assert.Contains(rows, r => r.StartsWith("| exp-b | nse median | 0.55 | none declared |"));
        Assert.True(new FileInfo(Path.Combine(root, "experiments", "nse_cdf.png")).Length > 1000);
    }

    /// <summary>A twin experiment (<c>test.true_parameters</c>, pooled folds): RESULTS.md gets R² and bias rows per recovered parameter, the report a learned-vs-true plot.</summary>
    [Fact]
    public void Report_OfATwinExperiment_AddsRecoveryRows_AndDrawsLearnedAgainstTrue()
    {
        var folder = Experiment("exp-twin", [0.9, 0.8, 0.85], expected: null);
        var outDir = Path.Combine(folder, "out");
        DeltaModel.Core.Metrics.ParameterRecovery.Write(Path.Combine(outDir, "test"),
            [new("Vcmax25", "vcmax25_true", ["01000000", "01000001", "01000002"], [30, 60, 90], [32, 58, 91])]);
        var results = Path.Combine(outDir, "results.json");
        File.WriteAllText(results, File.ReadAllText(results)
            .Replace("\"summary\":{", "\"parameter_recovery\":[{\"parameter\":\"Vcmax25\",\"attribute\":\"vcmax25_true\",\"n\":3,\"r2\":0.995,\"bias\":0.333333,\"rmse\":1.732051}],\"summary\":{")
            .Replace("\"expected\":", "\"combination\":\"pooled_folds\",\"expected\":"));
        var table = Path.Combine(root, "experiments", "RESULTS.md");

        Assert.Equal(0, Run("report", folder, "--results-table", table));

        var rows = File.ReadAllLines(table).Where(l => l.StartsWith("| exp-twin")).ToList();
        Assert.Contains(rows, r => r.StartsWith("| exp-twin | Vcmax25 recovery R² (3 held-out sites) | 0.995 | synthetic truth | n/a |"));
        Assert.Contains(rows, r => r.StartsWith("| exp-twin | Vcmax25 recovery bias (3 held-out sites) | 0.333 | synthetic truth | n/a |"));
        Assert.Contains(rows, r => r.StartsWith("| exp-twin | nse median | 0.85 |"));
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("| Vcmax25 | vcmax25_true | 3 | 0.995 | 0.333 | 1.732 |", report);
        Assert.Contains("plots/recovery_Vcmax25.png", report);
        Assert.Contains("Evaluation (test, held-out folds pooled): ", report);   // not the epoch of one fold
        var png = File.ReadAllBytes(Path.Combine(outDir, "plots", "recovery_Vcmax25.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public void Report_Exits3_WhenAnExpectedResultFails_Unless_ExpectedAsWarning()
    {
        var folder = Experiment("exp-c", [0.5, 0.6, 0.4], expected: 0.8);

        Assert.Equal(ReportCommand.ExpectedFailed, Run("report", folder));
        Assert.Equal(0, Run("report", folder, "--expected-as-warning"));

        var failure = File.ReadAllText(Path.Combine(folder, "out", "expected.failures.txt"));
        Assert.Contains("exp-c: nse median = 0.5 (ours), published 0.8 ± 0.02 (band 0.78 to 0.82), test paper: FAIL", failure);
        Assert.Contains("**FAIL**", File.ReadAllText(Path.Combine(folder, "out", "comparison.md")));
    }

    [Fact]
    public void Report_Exits2_WhenTheExperimentHasNotRun()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "experiments", "never-ran")).FullName;
        Assert.Equal(CliErrors.UserError, Run("report", folder));
    }

    [Fact]
    public void Report_WritesSweepSummary_FromMemberFolders()
    {
        var folder = Experiment("exp-s", [0.6, 0.7, 0.8], expected: null);
        SyntheticRun.Write(Path.Combine(folder, "out", "sweep", "seed=1,model.nn.hidden_size=64"), "exp-s", [0.5, 0.6, 0.7], null);
        Directory.CreateDirectory(Path.Combine(folder, "out", "sweep", "seed=2,model.nn.hidden_size=64"));

        Assert.Equal(0, Run("report", folder));

        var summary = File.ReadAllText(Path.Combine(folder, "out", "sweep", "summary.md"));
        Assert.Contains("| member | seed | model.nn.hidden_size | nse median |", summary);
        Assert.Contains("| 1 | 64 | 0.6 |", summary);
        Assert.Contains("| 2 | 64 | not finished |", summary);
    }
}
