using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

/// <summary>R², bias and RMSE of a recovered parameter, pooling over folds, and the file round trip.</summary>
public class ParameterRecoveryTests
{
    [Fact]
    public void R2_is_about_the_one_to_one_line_so_a_biased_recovery_loses_it()
    {
        double[] truth = [10, 20, 30, 40];
        var exact = new ParameterRecovery("Vcmax25", "vcmax25_true", ["a", "b", "c", "d"], truth, [10, 20, 30, 40]);
        Assert.Equal(1.0, exact.R2, 12);
        Assert.Equal(0.0, exact.Bias, 12);
        // Perfectly correlated but 5 too high: a squared correlation would say 1; about the 1:1 line it is 1 − 4·25/500.
        var shifted = exact with { Learned = [15, 25, 35, 45] };
        Assert.Equal(0.8, shifted.R2, 12);
        Assert.Equal(5.0, shifted.Bias, 12);
        Assert.Equal(5.0, shifted.Rmse, 12);
    }

    [Fact]
    public void Missing_values_are_left_out_and_one_basin_has_no_R2()
    {
        var r = new ParameterRecovery("g1", "g1_true", ["a", "b", "c"], [1, 2, double.NaN], [1.5, double.NaN, 3]);
        Assert.Equal(1, r.Count);
        Assert.True(double.IsNaN(r.R2));
        Assert.Equal(0.5, r.Bias, 12);
    }

    [Fact]
    public void Folds_pool_into_one_recovery_per_parameter_that_survives_the_file()
    {
        var fold1 = new[] { new ParameterRecovery("Vcmax25", "v", ["a", "b"], [10, 20], [11, 19]), new ParameterRecovery("g1", "g", ["a", "b"], [2, 3], [2, 3]) };
        var fold2 = new[] { new ParameterRecovery("Vcmax25", "v", ["c"], [30], [33]), new ParameterRecovery("g1", "g", ["c"], [4], [4]) };
        var pooled = ParameterRecovery.Pool([fold1, fold2]);
        var vcmax = Assert.Single(pooled, p => p.Parameter == "Vcmax25");
        Assert.Equal(["a", "b", "c"], vcmax.Basins);
        Assert.Equal(1.0, vcmax.Bias, 12);                                   // (1 − 1 + 3) / 3

        var folder = Path.Combine(Path.GetTempPath(), "deltamodel-recovery-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var read = ParameterRecovery.Read(ParameterRecovery.Write(folder, pooled));
            Assert.Equal(pooled.Select(p => (p.Parameter, p.Attribute, p.R2, p.Bias)), read.Select(p => (p.Parameter, p.Attribute, p.R2, p.Bias)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
