using System.Globalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Reporting.Benchmarks;

namespace DeltaModel.Cli.Tests.Reporting.Benchmarks;

/// <summary>BENCHMARKS.md from small fake run folders: every section, missing runs named, committed results/ used.</summary>
[Collection("Sequential")]
public sealed class BenchmarksReportTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("dm-benchmarks-").FullName;
    static readonly string[] Basins = ["01013500", "01022500", "01333000", "02046000"];
    static string Sample => Path.Combine(CliHarness.RepoRoot, "data", "camels-sample");

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A finished run of fake basins: results.json, test/metrics.csv and a test/simulation.csv with ET and baseflow.</summary>
    string Run(string folder, double[] nse, long minibatches = 1200)
    {
        var outDir = Path.Combine(root, folder);
        Directory.CreateDirectory(Path.Combine(outDir, "test"));
        File.WriteAllText(Path.Combine(outDir, "test", "metrics.csv"),
            "basin,nse,kge\n" + string.Concat(nse.Select((v, i) => $"{Basins[i]},{F(v)},{F(v - 0.05)}\n")));
        CsvTable.Write(Path.Combine(outDir, "test", "simulation.csv"), ["basin", "date", "observed", "streamflow", "gwflow", "AET_hydro"], rows =>
        {
            for (int b = 0; b < nse.Length; b++)
                for (int d = 0; d < 30; d++)
                    rows.Row([Basins[b], new DateTime(2005, 10, 1).AddDays(d).ToString("yyyy-MM-dd"), F(1 + Math.Sin(d / 4.0) * 0.5 + b),
                              F(1 + b), F(0.6 + 0.1 * b), F(1.5)]);
        });
        File.WriteAllText(Path.Combine(outDir, "results.json"),
            $"{{\"experiment\":\"{folder}\",\"mode\":\"train_test\",\"seed\":1,\"device\":\"cpu\",\"seconds\":5400," +
            $"\"training\":{{\"epochs\":24,\"seconds\":5000,\"minibatches\":{minibatches}}}," +
            $"\"evaluation\":{{\"phase\":\"test\",\"basins\":{nse.Length},\"days\":30}}}}");
        return outDir;
    }

    string Spec(string body)
    {
        var path = Path.Combine(root, "benchmarks.yaml");
        File.WriteAllText(path, body);
        return path;
    }

    [Fact]
    public void Report_WritesEverySection_AndNamesWhatIsMissing()
    {
        Run("dhbv/out", [0.70, 0.60, 0.50, 0.40]);
        Run("lstm/results", [0.60, 0.65, 0.30, 0.20], minibatches: 3000);     // only a committed results/ folder
        Run("dhbv-ens/out", [0.75, 0.62, 0.55, 0.45]);
        File.WriteAllText(Path.Combine(root, "catchments.csv"), "gauge_id,gauge_name\n01013500,a\n09999999,no data\n01022500,b\n01333000,c\n02046000,d\n");
        File.WriteAllText(Path.Combine(root, "nses.csv"), "0.5\n0.1\n0.7\n0.4\n0.3\n");
        var spec = Spec($"""
            reference:
              name: test reference
              catalogue: catchments.csv
              values: {"{nse: nses.csv}"}
              runs: [dhbv, lstm, never-run]
            locations: {Path.Combine(Sample, "camels_attributes_v2.0")}
            pairs:
              - {"{name: temporal, a: dhbv, b: lstm}"}
              - {"{name: pub, a: dhbv-pub, b: lstm}"}
            ensembles:
              - {"{name: dhbv ensemble, ensemble: dhbv-ens, members: [dhbv, dhbv-ens/out/members/2]}"}
            untrained:
              - {"{run: dhbv, forcing_source: nldas, data: " + Sample + "}"}
            published:
              - {"{model: LSTM, setting: ungauged, value: '0.69', source: Kratzert et al. 2019, forcing: CAMELS meteorology, basins: 531 CAMELS}"}
            """);

        var written = BenchmarksReport.Write(spec);

        var md = File.ReadAllText(Path.Combine(root, "BENCHMARKS.md"));
        Assert.Equal(Path.Combine(root, "BENCHMARKS.md"), written[0]);
        // Compute from results.json; the LSTM read from its committed results/.
        Assert.Contains("| lstm | `lstm/results` | 4 |", md);
        Assert.Contains("3,000 minibatches, training 83.3 min, total 90 min", md);
        Assert.Contains("| lstm | `lstm/results` | 4 | 0.450 | 0.400 | fixed 24 epochs, no validation | 3,000 minibatches", md);
        Assert.Contains("| never-run | — | — | — | — | — | not run yet (no never-run/out/results.json or never-run/results/results.json) |", md);
        // Reference: dhbv 0.7 0.6 0.5 0.4 vs 0.5 0.7 0.4 0.3 → differences 0.2 −0.1 0.1 0.1; 09999999 unpaired.
        Assert.Contains("| dhbv | nse | 4 | 0.550 | 0.450 | 0.100 |", md);
        Assert.Contains("| 75 % |", md);
        Assert.Contains("Reference gauges without a result of ours (1): 09999999.", md);
        // Pair: dhbv − lstm = 0.1 −0.05 0.2 0.2 → median 0.15, A better on 3 of 4.
        Assert.Contains("| temporal | dhbv | lstm | nse | 4 | 0.550 | 0.450 | 0.150 |", md);
        Assert.Contains("| pub | dhbv-pub | lstm | — | — | — | — | — | — | dhbv-pub: not run yet", md);
        Assert.Contains("Compute: dhbv 1,200 minibatches", md);
        // Ensemble vs members: 0.05 0.02 0.05 0.05 → 0.05 median; the second member is missing.
        Assert.Contains("| dhbv | 0.550 | 0.050 |", md);
        Assert.Contains("| dhbv-ens/out/members/2 | — | — | — | — | not run yet", md);
        Assert.Contains("| LSTM | ungauged | median NSE | 0.69 | Kratzert et al. 2019 | CAMELS meteorology | 531 CAMELS |", md);
        Assert.Contains("| dhbv | 4 | 1.500 |", md);
        foreach (var png in new[] { "reference_nse_cdf.png", "temporal_nse_cdf.png", "temporal_nse_map.png", "dhbv_ensemble_nse_cdf.png" })
        {
            Assert.Contains($"benchmarks/{png}", md);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(root, "benchmarks", png))[..4]);
        }

        // Untrained outputs: P from the sample's forcing, P − Q and the filter's BFI of the observed column.
        var table = CsvTable.Open(Path.Combine(root, "benchmarks", "dhbv_untrained.csv"));
        var rows = table.Rows().ToList();
        Assert.Equal(4, rows.Count);
        var first = rows[0];
        double p = CsvTable.Number(first[table.Column("precipitation")]), q = CsvTable.Number(first[table.Column("observed_flow")]);
        Assert.True(p > 0, $"precipitation {p}");
        Assert.Equal(p - q, CsvTable.Number(first[table.Column("p_minus_q")]), 12);
        Assert.Equal(0.6, CsvTable.Number(first[table.Column("simulated_bfi")]), 12);
        var observed = Enumerable.Range(0, 30).Select(d => 1 + Math.Sin(d / 4.0) * 0.5).ToArray();
        Assert.Equal(LyneHollickFilter.Index(observed), CsvTable.Number(first[table.Column("filter_bfi")]), 12);
    }

    [Fact]
    public void AnEnsemble_IsComparedWithItsOwnMembers_FromTheShippedResultsOfAFreshClone()
    {
        // An ensemble of two seeds: its results.json lists the member folders; each member is a complete run.
        var outDir = Run("ens/out", [0.75, 0.62, 0.55, 0.45]);
        Run("ens/out/members/seed_1", [0.70, 0.60, 0.50, 0.40]);
        Run("ens/out/members/seed_2", [0.72, 0.66, 0.52, 0.44]);
        var record = Path.Combine(outDir, "results.json");
        File.WriteAllText(record, File.ReadAllText(record).TrimEnd()[..^1] +
            ",\"combination\":\"ensemble_mean\",\"members\":[{\"name\":\"seed_1\",\"folder\":\"members/seed_1\"},{\"name\":\"seed_2\",\"folder\":\"members/seed_2\"}]}");

        // Shipped, then out/ gone (a fresh clone): the members' records and metrics travel, their series do not.
        var shipped = Path.Combine(root, "ens", "results");
        DeltaModel.Reporting.ShippedResults.Copy(outDir, shipped);
        Directory.Delete(outDir, recursive: true);
        Assert.True(File.Exists(Path.Combine(shipped, "members", "seed_2", "test", "metrics.csv")));
        Assert.False(File.Exists(Path.Combine(shipped, "members", "seed_2", "test", "simulation.csv")));

        BenchmarksReport.Write(Spec("""
            ensembles:
              - {name: δHBV ensemble, ensemble: ens}
            """));

        var md = File.ReadAllText(Path.Combine(root, "BENCHMARKS.md"));
        // ens − seed_1 = 0.05 0.02 0.05 0.05 → median 0.05; ens − seed_2 = 0.03 −0.04 0.03 0.01 → median 0.02.
        Assert.Contains("| ens/results/members/seed_1 | 0.550 | 0.050 |", md);
        Assert.Contains("| ens/results/members/seed_2 | 0.590 | 0.020 |", md);
        Assert.Contains("benchmarks/dHBV_ensemble_nse_cdf.png", md);      // an ASCII file name
    }

    /// <summary>The series are not shipped, so the untrained outputs measured from them travel as the run's
    /// test/untrained.csv: a clone that never ran gets the same table.</summary>
    [Fact]
    public void TheUntrainedOutputs_TravelWithTheShippedResults_ToAFreshClone()
    {
        var outDir = Run("dhbv/out", [0.70, 0.60, 0.50, 0.40]);
        var spec = Spec("untrained:\n  - {run: dhbv, forcing_source: nldas, data: " + Sample + "}\n");
        BenchmarksReport.Write(spec);
        string Row() => File.ReadAllLines(Path.Combine(root, "BENCHMARKS.md")).Last(l => l.StartsWith("| dhbv |", StringComparison.Ordinal));   // the untrained section is last
        var measured = Row();
        Assert.Contains("| dhbv | 4 | 1.500 |", measured);

        DeltaModel.Reporting.ShippedResults.Copy(outDir, Path.Combine(root, "dhbv", "results"));
        Directory.Delete(outDir, recursive: true);
        BenchmarksReport.Write(spec);

        Assert.Equal(measured, Row());
        Assert.False(File.Exists(Path.Combine(root, "dhbv", "results", "test", "simulation.csv")));
    }

    [Fact]
    public void AnEnsembleTrainedAMemberAtATime_IsInProgress_NamingTheMembersShippedSoFar()
    {
        Run("partial/results/members/seed_2", [0.70, 0.60, 0.50, 0.40]);
        Run("partial/results/members/seed_1", [0.72, 0.66, 0.52, 0.44]);
        Directory.CreateDirectory(Path.Combine(root, "partial", "results", "members", "seed_3", "model"));   // still training elsewhere

        BenchmarksReport.Write(Spec("ensembles:\n  - {name: partial ensemble, ensemble: partial}\n"));

        Assert.Contains("| partial | — | — | — | — | — | in progress: 2 member(s) finished (partial/results/members/seed_1, " +
                        "partial/results/members/seed_2), the run not yet combined |", File.ReadAllText(Path.Combine(root, "BENCHMARKS.md")));
    }

    [Fact]
    public void Targets_AreMeasured_MetOrMissedWithTheirExplanation_OrPending()
    {
        Run("dhbv/out", [0.70, 0.60, 0.50, 0.40]);
        Run("lstm/out", [0.60, 0.65, 0.30, 0.20]);
        File.WriteAllText(Path.Combine(root, "catchments.csv"), "gauge_id\n01013500\n01022500\n01333000\n02046000\n");
        File.WriteAllText(Path.Combine(root, "nses.csv"), "0.5\n0.7\n0.4\n0.3\n");
        var spec = Spec("""
            reference: {name: ref, catalogue: catchments.csv, values: {nse: nses.csv}, runs: [dhbv]}
            pairs:
              - {name: temporal, a: dhbv, b: lstm}
            targets:
              - {claim: dhbv median at least 0.6, run: dhbv, at_least: 0.6, why_missed: the forcing (pair below)}
              - {claim: dhbv within 0.02 of the LSTM, pair: temporal, metric: kge, at_least: -0.02}
              - {claim: better than the reference on 80 %, reference: dhbv, at_least: 0.8}
              - {claim: ensemble at least 0.57, run: ensemble, at_least: 0.57}
            """);

        BenchmarksReport.Write(spec);

        var md = File.ReadAllText(Path.Combine(root, "BENCHMARKS.md"));
        // dhbv 0.7 0.6 0.5 0.4 → median 0.55 < 0.6: missed, with its explanation.
        Assert.Contains("| dhbv median at least 0.6 | median nse of dhbv | 0.550 | **no** | the forcing (pair below) |", md);
        // kge = nse − 0.05 for both, so the paired kge difference is the nse one: median 0.15 ≥ −0.02.
        Assert.Contains("| dhbv within 0.02 of the LSTM | median paired kge difference, temporal | 0.150 | yes |  |", md);
        // Against the reference 0.5 0.7 0.4 0.3: better on 3 of 4 = 75 % < 80 %, and no explanation given.
        Assert.Contains("| 75 % | **no** | not explained yet |", md);
        Assert.Contains("| ensemble at least 0.57 | median nse of ensemble | — | not yet | ensemble: not run yet", md);
    }

    [Fact]
    public void AnExtremesPair_ComparesTheHeldOutPeaks_PairedByBasinAndYear()
    {
        void Peaks(string run, params double[] errors)
        {
            var text = "basin,water_year,return_period,observed_peak,simulated_peak,relative_error\n" +
                       string.Concat(errors.Select((e, i) => $"{Basins[i / 2]},{2000 + i % 2},10,10,{F(10 * (1 + e))},{F(e)}\n"));
            File.WriteAllText(Path.Combine(root, run, "out", "test", "peaks.csv"), text);
        }
        Run("dhbv/out", [0.70, 0.60]);
        Run("lstm/out", [0.60, 0.65]);
        Peaks("dhbv", -0.1, -0.3, 0.2, -0.4);
        Peaks("lstm", -0.2, -0.5, -0.1, -0.6);
        var spec = Spec("pairs:\n  - {name: extremes, a: dhbv, b: lstm}\n");

        BenchmarksReport.Write(spec);

        // |B| − |A| per peak: 0.1, 0.2, −0.1, 0.2 → median 0.15, A closer on 3 of 4; signed medians −0.2 and −0.35.
        Assert.Contains("| 4 | -0.200 | -0.350 | 0.150 |", File.ReadAllText(Path.Combine(root, "BENCHMARKS.md")));
        Assert.Contains("| 75 % |", File.ReadAllText(Path.Combine(root, "BENCHMARKS.md")));
    }

    [Theory]
    [InlineData("{claim: c, at_least: 0.5}", "exactly one of 'run', 'pair' or 'reference' (got 0)")]
    [InlineData("{claim: c, run: a, pair: p, at_least: 0.5}", "exactly one of 'run', 'pair' or 'reference' (got 2)")]
    [InlineData("{claim: c, pair: nope, at_least: 0.5}", "no pair named 'nope'")]
    [InlineData("{claim: c, run: a, at_least: high}", "'targets[0].at_least': expected a number")]
    [InlineData("{claim: c, run: a, metric: rmse, at_least: 0.5}", "'rmse' is not one of the compared metrics")]
    [InlineData("{claim: c, reference: a, at_least: 0.5}", "has no 'reference' section")]
    public void ABadTarget_IsAnErrorNamingFileLineAndRule(string target, string expected)
    {
        var spec = Spec($"pairs:\n  - {{name: t, a: a, b: b}}\ntargets:\n  - {target}\n");
        var e = Assert.Throws<ArgumentException>(() => BenchmarkSpec.Read(spec));
        Assert.Contains($"{spec}:4", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheCommittedBenchmarksFile_NamesTheTemporalPair_AndThePublishedNumbersApart()
    {
        var spec = BenchmarkSpec.Read(Path.Combine(CliHarness.RepoRoot, "experiments", "benchmarks.yaml"));
        Assert.Contains(spec.Pairs, p => p is { Name: "temporal", A: "caravan481-dhbv", B: "caravan481-lstm" });
        Assert.Contains(spec.Pairs, p => p.Name == "pub");
        Assert.Contains(spec.Pairs, p => p.Name == "extremes");
        Assert.EndsWith("test_NSES.csv", spec.Reference!.Values["nse"]);
        Assert.Equal(["0.74-0.76", "0.69", "0.73", "0.64"], spec.Published.Select(p => p.Value));
    }

    [Fact]
    public void AnUnknownKey_IsAnErrorNamingFileAndLine()
    {
        var spec = Spec("pairs:\n  - {name: t, a: x, b: y, c: z}\n");
        var e = Assert.Throws<ArgumentException>(() => BenchmarksReport.Write(spec));
        Assert.Contains($"{spec}:2", e.Message);
        Assert.Contains("unknown key 'c'", e.Message);
    }

    [Fact]
    public void ReportCommand_WithBenchmarks_AndNoFolders_WritesTheReport()
    {
        Run("a/out", [0.5, 0.6]);
        var spec = Spec("pairs:\n  - {name: t, a: a, b: b}\n");

        Assert.Equal(0, Program.BuildRoot().Parse(["report", "--benchmarks", spec]).Invoke());

        Assert.Contains("b: not run yet", File.ReadAllText(Path.Combine(root, "BENCHMARKS.md")));
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
