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
}
