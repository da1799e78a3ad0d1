using DeltaModel.Core.Outputs.Results;
using DeltaModel.Reporting.Tables;
using Xunit;

namespace DeltaModel.Cli.Tests.Reporting;

/// <summary>How a result's training ended, as BENCHMARKS.md states it beside the compute.</summary>
public class TrainingConvergenceTests
{
    static TrainingSummary Trained(int epochs, int? best = null, bool stopped = false) => new()
    {
        Epochs = epochs, SelectedEpoch = best ?? epochs,
        Validation = best is null ? null : new ValidationSummary { Metric = "nse", Statistic = "median", BestEpoch = best, StoppedEarly = stopped },
    };

    static RunResults Single(TrainingSummary t) => new() { Experiment = "x", Mode = "train_test", Training = t };

    [Fact]
    public void One_training_says_whether_it_stopped_on_the_plateau_ran_to_its_cap_or_had_no_validation()
    {
        Assert.Equal("early stop at epoch 34, best 24", TrainingConvergence.Describe(Single(Trained(34, best: 24, stopped: true))));
        Assert.Equal("all 60 epochs, best 54", TrainingConvergence.Describe(Single(Trained(60, best: 54))));
        Assert.Equal("fixed 30 epochs, no validation", TrainingConvergence.Describe(Single(Trained(30))));
        Assert.Null(TrainingConvergence.Describe(new RunResults { Experiment = "x", Mode = "test" }));
    }

    [Fact]
    public void Folds_and_members_each_show_their_best_and_last_epoch()
    {
        static MemberResults Member(int k, TrainingSummary t) => new() { Name = $"fold_{k}", Training = t };
        var pooled = new RunResults
        {
            Experiment = "x-pub", Mode = "train_test", Combination = "pooled_folds",
            Members = [Member(1, Trained(42, best: 32, stopped: true)), Member(2, Trained(60, best: 58)), new MemberResults { Name = "fold_3" }],
        };
        Assert.Equal("best/last epoch per fold: 32/42, 58/60; early stop in 1 of 2", TrainingConvergence.Describe(pooled));

        var fixedBudget = pooled with { Combination = "ensemble_mean", Members = [Member(1, Trained(36)), Member(2, Trained(30))] };
        Assert.Equal("fixed 30-36 epochs per member, no validation", TrainingConvergence.Describe(fixedBudget));
    }
}
