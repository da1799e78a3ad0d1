using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Tables;
using Xunit;

namespace DeltaModel.Cli.Tests.Reporting;

/// <summary>The rows of experiments/RESULTS.md that a run's results.json gives.</summary>
public class ResultsTableTests
{
    [Fact]
    public void An_assimilation_run_gives_its_median_gain_not_an_nse_row()
    {
        var results = new RunResults
        {
            Experiment = "camels-sample-dhbv-assimilation", Mode = "assimilate", Seconds = 30,
            Evaluation = new EvaluationSummary
            {
                Phase = "assimilate", Days = 30,
                Summary = new Dictionary<string, MetricStatistics>
                {
                    ["nse_open_loop"] = new() { Median = -0.885 },
                    [EvaluationSummary.AssimilationGainKey] = new() { Median = 0.148, N = 224 },
                },
            },
        };
        var row = Assert.Single(ResultsTable.RowsOf(results, []));
        Assert.Equal("assimilation gain (NSE, 30 d) median", row.Metric);
        Assert.Equal("0.148", row.Ours);
    }

    [Fact]
    public void A_resumed_run_gives_its_training_time_over_every_epoch_not_its_last_invocation()
    {
        RunResults Run(double total, double training) => new()
        {
            Experiment = "x", Mode = "train_test", Seconds = total,
            Training = new TrainingSummary { Epochs = 2, Seconds = training },
            Evaluation = new EvaluationSummary { Summary = new Dictionary<string, MetricStatistics> { ["nse"] = new() { Median = 0.5 } } },
        };
        Assert.Equal("74.4 min training (resumed)", Assert.Single(ResultsTable.RowsOf(Run(total: 954, training: 4464), [])).RunTime);
        Assert.Equal("15.9 min", Assert.Single(ResultsTable.RowsOf(Run(total: 954, training: 900), [])).RunTime);
    }

    [Fact]
    public void Folds_and_members_give_their_trainings_summed_over_every_member()
    {
        // Pooled folds: the record itself has no training; its wall time is the invocation that trained the last fold.
        static MemberResults Fold(int k, double seconds, long minibatches) =>
            new() { Name = $"fold_{k}", Training = new TrainingSummary { Epochs = 10, Seconds = seconds, Minibatches = minibatches } };
        var pooled = new RunResults
        {
            Experiment = "x-pub", Mode = "train_test", Seconds = 3941, Combination = "pooled_folds",
            Members = [Fold(1, 2402, 2100), Fold(2, 1729, 1500), Fold(3, 1578, 1400), Fold(4, 2010, 1800), Fold(5, 3656, 2900)],
            Evaluation = new EvaluationSummary { Summary = new Dictionary<string, MetricStatistics> { ["nse"] = new() { Median = 0.446 } } },
        };
        var compute = TrainingCompute.Of(pooled)!;
        Assert.Equal(9700, compute.Minibatches);
        Assert.Equal(11375, compute.Seconds);
        Assert.Equal(5, compute.Runs);
        Assert.Equal("3.16 h training over 5 folds (resumed)", Assert.Single(ResultsTable.RowsOf(pooled, [])).RunTime);

        // Members trained in the one invocation: their sum is within its wall time, which stays the figure.
        var ensemble = pooled with { Combination = "ensemble_mean", Seconds = 12000 };
        Assert.Equal(" over 5 members", TrainingCompute.Of(ensemble)!.Over);
        Assert.Equal("3.33 h", Assert.Single(ResultsTable.RowsOf(ensemble, [])).RunTime);
        Assert.Null(TrainingCompute.Of(pooled with { Members = [] }));
    }
}
