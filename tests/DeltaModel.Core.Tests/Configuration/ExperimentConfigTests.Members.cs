using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Tests.Configuration;

/// <summary>Sections ensemble, folds and split: bound, checked against the rest of the config, each error with its key.</summary>
public sealed partial class ExperimentConfigTests
{
    [Fact]
    public void Ensemble_binds_seed_and_setting_members_in_order()
    {
        var c = ExperimentConfig.Load(Write(Minimal + """

            ensemble:
              seeds: [1, 2]
              members:
                - {name: hbv11p, set: [model.physics.name=hbv_1_1p, train.epochs=3]}
            """));
        Assert.Equal(["seed_1", "seed_2", "hbv11p"], c.Ensemble!.All.Select(m => m.Name));
        Assert.Equal([("model.physics.name", "hbv_1_1p"), ("train.epochs", "3")], c.Ensemble.Members[0].Settings);
        Assert.Contains("ensemble:", c.ToYaml());
        Assert.DoesNotContain("ensemble:", ExperimentConfig.Load(Write(Minimal)).ToYaml());   // absent stays absent: old hashes hold
    }

    [Fact]
    public void Ensemble_of_one_member_a_reserved_setting_and_twice_a_name_are_errors()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            ensemble:
              seeds: [1]
            """)));
        Assert.Contains("at least 2 members", e.Message);
        e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            ensemble:
              members:
                - {name: a, set: [output_dir=x]}
                - {name: a, set: [train.epochs]}
            """)));
        Assert.Contains("cannot change 'output_dir'", e.Message);
        Assert.Contains("'ensemble.members[1].set[0]': expected key.path=value", e.Message);
        Assert.Contains("member name 'a' is used 2 times", e.Message);
    }

    [Fact]
    public void Folds_need_their_files_train_test_mode_and_no_ensemble()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            mode: train
            folds: {k: 3, seed: 4, folder: folds}
            ensemble: {seeds: [1, 2]}
            """)));
        Assert.Contains("fold_1.txt not found", e.Message);
        Assert.Contains("deltamodel folds", e.Message);
        Assert.Contains("needs mode 'train_test'", e.Message);
        Assert.Contains("'ensemble' and 'folds' cannot be combined", e.Message);

        Directory.CreateDirectory(Path.Combine(dir, "folds"));
        for (int f = 1; f <= 3; f++) File.WriteAllText(Path.Combine(dir, "folds", $"fold_{f}.txt"), "01013500\n");
        var c = ExperimentConfig.Load(Write(Minimal + "\nfolds: {k: 3, seed: 4, folder: folds}\n"));
        Assert.Equal(Path.Combine(dir, "folds", "fold_2.txt"), c.Folds!.FoldFile(2));
    }

    [Fact]
    public void Split_must_be_spanned_by_both_periods_and_may_share_days_with_validation()
    {
        const string spanned = """
            data:
              path: data
            train:
              period: {start: 1990-10-01, end: 2014-09-30}
            test:
              period: {start: 1990-10-01, end: 2014-09-30}
            split: {first_year: 1991, last_year: 2014}
            """;
        var c = ExperimentConfig.Load(Write(spanned + "\nvalidation: {fraction: 0.2}\n"));
        Assert.Equal((new DateOnly(1990, 10, 1), new DateOnly(2014, 9, 30), 5.0), (c.Split!.Start, c.Split.End, c.Split.ReturnPeriod));

        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(Minimal + """

            split: {first_year: 1991, last_year: 2014}
            """)));
        Assert.Contains("'train.period' 1995-10-01..2005-09-30 does not span the water years", e.Message);
        Assert.Contains("'test.period'", e.Message);
        e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(Write(spanned.Replace("last_year: 2014}", "last_year: 2014, return_period: 1, water_year_start_month: 13}"))));
        Assert.Contains("'split.return_period': expected a number of years > 1", e.Message);
        Assert.Contains("'split.water_year_start_month'", e.Message);
    }
}
