using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Tests.Configuration;

/// <summary>Sections validation, train.lr_scheduler and train.early_stopping: bound, checked with lines, and absent from the written config when not given.</summary>
public sealed partial class ExperimentConfigTests
{
    // Line numbers below count from this text's first line (data:).
    const string Trained = """
        data:
          path: data
        model: {warm_up: 30}
        test:
          period: {start: 2005-10-01, end: 2013-09-30}
        train:
          period: {start: 1995-10-01, end: 2005-09-30}
          epochs: 10
        """;

    [Fact]
    public void AllThreeSections_Bind_WithDmgNamesAccepted()
    {
        var c = ExperimentConfig.Load(Write(Trained + """

              lr_scheduler: {name: CosineAnnealingLR, T_max: 10, eta_min: 0.01}
              early_stopping: {patience: 3, min_delta: 0.001}
            validation:
              fraction: 0.2
              seed: 5
              every: 2
              metric: kge
            """));
        Assert.Equal("cosine", c.Train.LearningRateScheduler!.Kind);
        Assert.Equal(10, c.Train.LearningRateScheduler.TMax);
        Assert.Equal(3, c.Train.EarlyStopping!.Patience);
        Assert.Equal(0.2, c.Validation!.Fraction);
        Assert.Equal("median", c.Validation.Statistic);
        Assert.True(c.Validation.HoldsOutBasins);
    }

    [Fact]
    public void AbsentSections_AreNotWrittenBack_SoExistingConfigHashesStay()
    {
        var c = ExperimentConfig.Load(Write(Trained));
        var yaml = c.ToYaml();
        Assert.DoesNotContain("validation", yaml);
        Assert.DoesNotContain("lr_scheduler", yaml);
        Assert.DoesNotContain("early_stopping", yaml);
        Assert.Contains("grad_clip: null", yaml);                          // older nullable keys are still written
        var with = ExperimentConfig.Load(Write(Trained), settings: [("train.lr_scheduler", "{name: step}")]);
        Assert.Contains("lr_scheduler", with.ToYaml());
    }

    [Fact]
    public void BadValues_AreReportedWithTheirLines()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Trained + """

              lr_scheduler: {name: linear, gamma: 1.5}
              early_stopping: {patience: 0}
            validation:
              fraction: 1.5
              metric: nse_typo
              statistic: max
            """)));
        var m = e.Message;
        Assert.Contains("experiment.yaml:9: 'train.lr_scheduler.name': expected one of step, exponential, cosine, got 'linear'", m);
        Assert.Contains("experiment.yaml:9: 'train.lr_scheduler.gamma'", m);
        Assert.Contains("experiment.yaml:10: 'train.early_stopping.patience'", m);
        Assert.Contains("experiment.yaml:12: 'validation.fraction'", m);
        Assert.Contains("experiment.yaml:13: 'validation.metric'", m);
        Assert.Contains("experiment.yaml:14: 'validation.statistic'", m);
    }

    [Fact]
    public void EarlyStoppingWithoutValidation_AndCosineWithoutTMax_AreErrors()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Trained + """

              lr_scheduler: {name: cosine}
              early_stopping: {patience: 2}
            """)));
        Assert.Contains("experiment.yaml:9: 'train.lr_scheduler': the cosine schedule needs 't_max'", e.Message);
        Assert.Contains("experiment.yaml:10: 'train.early_stopping' needs a 'validation' section", e.Message);
    }

    [Fact]
    public void ValidationDays_MayNotTouchTheTestPeriod_WarmUpIncluded_EvenForHeldOutBasins()
    {
        // The scored days come after the test period, but their 30 warm-up days reach back into it: the warm-up would
        // run the held-out basins through test days.
        var overlap = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Trained + """

            validation:
              fraction: 0.2
              period: {start: 2013-10-20, end: 2014-09-30}
            """)));
        Assert.Contains("experiment.yaml:11: the validation days 2013-10-20..2014-09-30 (with 30 warm-up days before them) overlap test.period", overlap.Message);

        var ok = ExperimentConfig.Load(Write(Trained + """

            validation:
              basins: ["01013500"]
            """));
        Assert.Null(ok.Validation!.Period);                                // held-out basins over train.period
    }

    [Fact]
    public void APeriodOnlyValidation_OnTrainingDays_IsAnError()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Trained + """

            validation:
              period: {start: 2004-10-01, end: 2005-09-30}
            """)));
        Assert.Contains("experiment.yaml:10: validation.period 2004-10-01..2005-09-30 overlaps train.period", e.Message);
        var empty = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Trained + "\nvalidation: {every: 2}\n")));
        Assert.Contains("experiment.yaml:9: 'validation': give a 'period'", empty.Message);
    }
}
