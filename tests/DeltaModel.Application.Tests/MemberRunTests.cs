using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Ensembles, spatial folds and the unseen-extremes split end to end on the embedded sample (2–3 basins, a tiny δHBV,
/// one epoch of two minibatches): what each writes, and that the combined test is what it claims to be.
/// </summary>
public sealed class MemberRunTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-member-tests", Guid.NewGuid().ToString("N"));

    public MemberRunTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    string Out => Path.Combine(folder, "out");

    static ExperimentResult Run(string path, params (string, string)[] settings) =>
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = settings })).Run();

    /// <summary>Water years 1996–2001 on the sample (its forcing starts 1993-09-29): n = 6, so T &gt; 5 holds out each basin's largest year.</summary>
    const string Extremes = """
        split: {first_year: 1996, last_year: 2001, return_period: 5}
        """;

    static readonly (string, string)[] ExtremePeriods =
    [
        ("train.period", "{start: 1995-10-01, end: 2001-09-30}"),
        ("test.period", "{start: 1995-10-01, end: 2001-09-30}"),
    ];

    [Fact]
    public void Ensemble_trains_each_member_in_its_folder_and_tests_the_mean_of_every_output()
    {
        var result = Run(TinyExperiment.Write(folder, extra: "ensemble: {seeds: [1, 2]}"));

        Assert.Equal(RunResults.EnsembleMean, result.Combination);
        Assert.Equal(["seed_1", "seed_2"], result.Members.Select(m => m.Name));
        foreach (var member in new[] { "seed_1", "seed_2" })
            foreach (var file in new[] { "config.resolved.yaml", "model/last.ckpt", "test/simulation.csv", "test/metrics.csv", "results.json" })
                Assert.True(File.Exists(Path.Combine(Out, "members", member, file)), $"{member}/{file}");
        Assert.Equal([1L, 2L], result.Members.Select(m => (long)m.Config.Seed));

        // The mean of a state (SM), a flux (AET_hydro) and the target, day by day, as the members wrote them.
        var mean = Csv(Path.Combine(Out, "test", "simulation.csv"));
        var a = Csv(Path.Combine(Out, "members", "seed_1", "test", "simulation.csv"));
        var b = Csv(Path.Combine(Out, "members", "seed_2", "test", "simulation.csv"));
        foreach (var column in new[] { "streamflow", "SM", "AET_hydro" })
        {
            var expected = a[column].Zip(b[column], (x, y) => (x + y) / 2).ToArray();
            Tolerance.AssertClose(tensor(expected), tensor(mean[column]), Tolerance.Relative(ScalarType.Float32, terms: 2), column);
            Assert.NotEqual(a[column], b[column]);                                    // two seeds, two different members
        }

        var read = RunResults.Read(new RunFolder(Out).Results);
        Assert.Equal("ensemble_mean", read.Combination);
        Assert.Equal(2, read.Members!.Count);
        Assert.All(read.Members, m => Assert.Equal(1, m.Training!.Epochs));
        Assert.All(read.Members, m => Assert.NotNull(m.Evaluation!.Metric("nse")!.Median));
        Assert.Equal(2, read.Evaluation!.Metric("nse")!.N);
        Assert.Equal("members/seed_2", read.Members[1].Folder);
        Assert.Null(read.Evaluation.Epoch);                                         // the mean has no one epoch
        Assert.All(read.Members, m => Assert.Equal(1, m.Evaluation!.Epoch));       // each member its own
    }

    /// <summary>Members run one at a time (Slurm's array tasks), then combined, give the files of one whole run; the
    /// combination refuses to train a member that has not finished.</summary>
    [Fact]
    public void Members_run_apart_then_combined_give_the_results_of_one_run()
    {
        var whole = TinyExperiment.Write(Directory.CreateDirectory(Path.Combine(folder, "whole")).FullName, extra: "ensemble: {seeds: [1, 2]}");
        var parts = TinyExperiment.Write(Directory.CreateDirectory(Path.Combine(folder, "parts")).FullName, extra: "ensemble: {seeds: [1, 2]}");
        new ExperimentRunner(RunPlan.FromFile(whole, new RunOverrides())).Run();
        var plan = RunPlan.FromFile(parts, new RunOverrides());

        var first = new ExperimentRunner(plan.WithMembers(MemberScope.Only("seed_1"))).Run();
        Assert.Empty(first.Members);                                                     // one member, not combined
        Assert.False(File.Exists(Path.Combine(folder, "parts", "out", "results.json")));
        var refused = Assert.Throws<RunInputException>(() => new ExperimentRunner(plan.WithMembers(MemberScope.Combine)).Run());
        Assert.Equal("MembersNotFinished", refused.Reason);
        Assert.Contains("seed_2", refused.Message);
        Assert.False(File.Exists(Path.Combine(folder, "parts", "out", "members", "seed_2", "model", "last.ckpt")));   // nothing trained
        new ExperimentRunner(plan.WithMembers(MemberScope.Only("seed_2"))).Run();
        var combined = new ExperimentRunner(plan.WithMembers(MemberScope.Combine)).Run();

        Assert.Equal(RunResults.EnsembleMean, combined.Combination);
        Assert.All(combined.Members, m => Assert.Single(m.Result.Training!.Epochs));   // resumed with nothing left to train
        foreach (var file in new[] { "test/metrics.csv", "test/simulation.csv", "members/seed_2/test/metrics.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(folder, "whole", "out", file)), File.ReadAllText(Path.Combine(folder, "parts", "out", file)));
    }

    [Fact]
    public void Member_scopes_that_cannot_apply_are_refused_naming_what_to_give()
    {
        var single = RunPlan.FromFile(TinyExperiment.Write(folder), new RunOverrides());
        Assert.Equal("NoMembers", Assert.Throws<RunInputException>(() => single.WithMembers(MemberScope.Combine)).Reason);
        var ensemble = RunPlan.FromFile(TinyExperiment.Write(folder, extra: "ensemble: {seeds: [1, 2]}"), new RunOverrides());
        var unknown = Assert.Throws<RunInputException>(() => ensemble.WithMembers(MemberScope.Only("seed_3")));
        Assert.Contains("expected one of seed_1, seed_2", unknown.Message);
        var fresh = RunPlan.FromFile(TinyExperiment.Write(folder, extra: "ensemble: {seeds: [1, 2]}"), new RunOverrides(), fresh: true);
        Assert.Equal("CombineFresh", Assert.Throws<RunInputException>(() => fresh.WithMembers(MemberScope.Combine)).Reason);
        Assert.Equal("MemberAndCombine", Assert.Throws<RunInputException>(() => MemberScope.From("seed_1", combine: true)).Reason);
        Assert.Same(ensemble, ensemble.WithMembers(MemberScope.From(null, combine: false)));
    }

    [Fact]
    public void Folds_train_without_their_held_out_basins_and_pool_each_basin_once_scoring_only_its_extreme_years()
    {
        var fold = Path.Combine(folder, "folds");
        BasinFolds.Write(fold, [["01013500"], ["01022500", "01333000"]]);
        var path = TinyExperiment.Write(folder, extra: Extremes + "\nfolds: {k: 2, seed: 0, folder: folds}\n");
        File.WriteAllText(path, File.ReadAllText(path).Replace("basins: [\"01013500\", \"01022500\"]", "basins: [\"01013500\", \"01022500\", \"01333000\"]"));
        var result = Run(path, ExtremePeriods);

        Assert.Equal(RunResults.PooledFolds, result.Combination);
        Assert.Equal(["fold_1", "fold_2"], result.Members.Select(m => m.Name));
        Assert.Equal(["01022500", "01333000"], result.Members[0].Config.Data.Basins);     // fold 1 trains on the others
        Assert.Equal(["01013500"], result.Members[0].Result.Evaluation!.Metrics!.Basins);  // and is tested on its own
        var pooled = MetricsTable.Read(Path.Combine(Out, "test", MetricsWriter.CsvFileName));
        Assert.Equal(["01013500", "01022500", "01333000"], pooled.Basins.Order());

        // Each basin is scored on its one held-out water year (n = 6, T = 7 > 5), and that year's peak is in peaks.csv.
        var peaks = File.ReadAllLines(Path.Combine(Out, "test", PeakErrors.FileName)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(3, peaks.Count);
        foreach (var (basin, metrics) in pooled.Rows)
        {
            var year = int.Parse(peaks.Single(p => p[0] == basin)[1], CultureInfo.InvariantCulture);
            Assert.Equal(7.0, double.Parse(peaks.Single(p => p[0] == basin)[2], CultureInfo.InvariantCulture));
            int days = new DateOnly(year, 10, 1).DayNumber - new DateOnly(year - 1, 10, 1).DayNumber;
            Assert.InRange(metrics.ObservedDays, days - 31, days);                       // one water year (a few days may be unobserved)
            Assert.True(double.IsFinite(metrics.Get("fhv")));
        }
        Assert.Equal(3, RunResults.Read(new RunFolder(Out).Results).Evaluation!.Metric(ResultsFile.PeakErrorKey)!.N);
    }

    [Fact]
    public void Temporal_extremes_score_only_the_held_out_years_of_each_basin()
    {
        var result = Run(TinyExperiment.Write(folder, extra: Extremes), ExtremePeriods);

        var metrics = result.Evaluation!.Metrics!;
        Assert.Equal(["01013500", "01022500"], metrics.Basins);
        Assert.All(metrics.Values, m => Assert.InRange(m.ObservedDays, 300, 366));         // one year of the six
        Assert.Equal(2, result.Evaluation.Peaks!.Rows.Count);
        Assert.All(result.Evaluation.Peaks.Rows, r => Assert.True(double.IsFinite(r.RelativeError)));
        Assert.Equal(6 * 365 + 2, result.Evaluation.Days);                                 // the simulation itself covers every day
    }

    /// <summary>The numeric columns of a simulation.csv, by header.</summary>
    static Dictionary<string, double[]> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        return header.Select((name, i) => (name, i)).Where(c => c.name is not ("basin" or "date"))
            .ToDictionary(c => c.name, c => rows.Select(r => double.TryParse(r[c.i], CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray());
    }
}
