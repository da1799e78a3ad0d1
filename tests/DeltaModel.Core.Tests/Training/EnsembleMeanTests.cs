using DeltaModel.Core.Training;
using DeltaModel.Tests.Shared;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Training;

/// <summary>The ensemble mean averages every output series and scalar, not only the target.</summary>
public class EnsembleMeanTests
{
    static SimulationOutput Member(float scale, bool withCapillary = true)
    {
        var series = new Dictionary<string, float[]>
        {
            ["streamflow"] = [1 * scale, 2 * scale, 3 * scale, 4 * scale, 5 * scale, 6 * scale],   // [T = 3, B = 2]
            ["AET_hydro"] = [0.5f * scale, 0, 0, 0, 0, 1],
            ["SM"] = [10 * scale, 20, 30, 40, 50, 60],
        };
        if (withCapillary) series["capillary"] = [scale, scale, scale, scale, scale, scale];
        return new SimulationOutput(["a", "b"], new DateOnly(2001, 1, 1), 3, series, new Dictionary<string, float[]> { ["parBETA"] = [scale, 2 * scale] });
    }

    static void Close(double[] expected, float[] actual, double tol, string what) =>
        Tolerance.AssertClose(tensor(expected), tensor(actual), tol, what);

    [Fact]
    public void Every_series_and_scalar_is_the_element_wise_member_mean()
    {
        var mean = EnsembleMean.Of([Member(1), Member(2), Member(6)]);        // mean scale 3
        double tol = Tolerance.Relative(ScalarType.Float32, terms: 3);
        Close([3, 6, 9, 12, 15, 18], mean.Series["streamflow"], tol, "streamflow");
        Close([1.5, 0, 0, 0, 0, 1], mean.Series["AET_hydro"], tol, "AET_hydro");
        Close([30, 20, 30, 40, 50, 60], mean.Series["SM"], tol, "SM");
        Close([3, 6], mean.Scalars["parBETA"], tol, "parBETA");
        Assert.Equal(["a", "b"], mean.Basins);
        Assert.Equal((new DateOnly(2001, 1, 1), 3), (mean.Start, mean.Days));
    }

    [Fact]
    public void Outputs_not_every_member_has_are_left_out_and_named()
    {
        var mean = new EnsembleMean();
        mean.Add(Member(1));
        mean.Add(Member(3, withCapillary: false));
        Assert.DoesNotContain("capillary", mean.Mean().Series.Keys);
        Assert.Equal(["capillary"], mean.Dropped);
        Assert.Equal(2f, mean.Mean().Series["streamflow"][0]);
    }

    [Fact]
    public void A_missing_value_in_one_member_stays_missing_and_members_over_other_basins_are_refused()
    {
        var broken = Member(1);
        broken.Series["SM"][2] = float.NaN;
        Assert.True(float.IsNaN(EnsembleMean.Of([Member(1), broken]).Series["SM"][2]));
        var other = Member(1) with { Basins = ["a", "c"] };
        var e = Assert.Throws<ArgumentException>(() => EnsembleMean.Of([Member(1), other]));
        Assert.Contains("differ in basins or days", e.Message);
    }
}
