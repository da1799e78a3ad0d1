using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Buckets;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// SAC-SMA + Snow-17 one-day checks computed by hand (see <see cref="SacSma"/>, <see cref="Snow17"/>). The CAMELS
/// SAC-SMA benchmark outputs under shared/data/diageff_camels_examples come without their calibrated parameters (and
/// from the full NWS Snow-17 with elevation and areal depletion), so they cannot serve as parity fixtures.
/// </summary>
public class SacSmaTests
{
    // Snow-17: scf, pxtemp, mf, mbase, tipm, nmf, plwhc, daygm; SAC-SMA: pctim, smax, f1, f2, kuz, rexp, f3, f4, pfree, klzp, klzs.
    static readonly double[] Theta = [1.2, 0, 3, 0, 0.5, 1, 0.1, 0, 0.1, 100, 0.2, 0.25, 0.3, 1, 0.5, 0.4, 0.2, 0.05, 0.1];

    static PhysicsResult OneDay()
    {
        var model = new SacSma(new PhysicsOptions { Components = 1, Routing = false });
        var parameters = model.Declarations.Parameters.Select((p, i) => (p.Name, full(new long[] { 1, 2, 1 }, Theta[i], dtype: ScalarType.Float64)))
            .ToDictionary(x => x.Name, x => x.Item2);
        // Basin 0: 20 mm of rain at 10 °C, PET 2. Basin 1: 10 mm of snow at −5 °C on bare ground.
        var forcings = tensor(new double[] { 20, 10, 2, 10, -5, 0 }).view(1, 2, 3);         // [T, B, 3]
        var stores = tensor(new double[,] { { 10, 15, 5, 4, 3, 0, 0, 0, 0 }, { 10, 15, 5, 4, 3, 0, 0, 0, 0 } }).T.unsqueeze(-1).contiguous();   // [9, 2, 1]
        return model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = new PhysicsState(stores) });
    }

    static double At(PhysicsResult r, string series, int basin) => r.Series[series][0, basin].item<double>();

    [Fact]
    public void Step_RainDay_MatchesHandCalculation()
    {
        using var scope = NewDisposeScope();
        var r = OneDay();
        // Capacities: UZTWM 20, UZFWM 20, LZTWM 30, LZFPM 12, LZFSM 18; pbase 2.4 mm/d, zperc 57.6/2.4 = 24.
        Assert.Equal(20, At(r, "rain_plus_melt", 0), 10);
        Assert.Equal(2, At(r, "impervious_runoff", 0), 10);                 // pctim·20
        Assert.Equal(8, At(r, "tension_excess", 0), 10);                    // 10 + 18 − 20
        Assert.Equal(3, At(r, "surface_runoff", 0), 10);                    // 15 + 8 − 20
        Assert.Equal(2, At(r, "upper_tension_evap", 0), 10);                // PET·20/20
        Assert.Equal(18 + 1, At(r, "UZTWC", 0), 10);                        // rebalancing moves (20·20 − 18·20)/40 = 1 mm
        Assert.Equal(0.3 * 19, At(r, "ssflow", 0), 10);                     // interflow kuz·19
        // Demand 2.4·(1 + 24·0.8²)·13.3/20 = 26.1 mm/d exceeds the 13.3 mm of upper free water: all of it percolates.
        Assert.Equal(13.3, At(r, "percolation", 0), 10);
        const double toFree = 0.2 * 13.3;                                   // split by deficit 8 : 15
        Assert.Equal(0.05 * (4 + toFree * 8 / 23), At(r, "primary_baseflow", 0), 10);
        Assert.Equal(0.1 * (3 + toFree * 15 / 23), At(r, "supplemental_baseflow", 0), 10);
        Assert.Equal(5 + 0.3 * 19 + 0.05 * (4 + toFree * 8 / 23) + 0.1 * (3 + toFree * 15 / 23), At(r, "streamflow", 0), 10);
        Assert.Equal(5 + 10.64, At(r, "LZTWC", 0), 10);                     // (1 − pfree)·13.3 to lower tension water
        Assert.Equal(2, At(r, "AET_hydro", 0), 10);
    }

    [Fact]
    public void Step_ColdSnowDay_BuildsPackAndHeatDeficit()
    {
        using var scope = NewDisposeScope();
        var r = OneDay();
        Assert.Equal(12, At(r, "snowfall", 1), 10);                         // scf·10
        Assert.Equal(12, At(r, "SWE", 1), 10);
        Assert.Equal(0, At(r, "rain_plus_melt", 1), 10);
        Assert.Equal(-5 * (1 - Math.Pow(0.5, 4)), At(r, "ATI", 1), 10);     // ATI weight 1 − (1 − tipm)^4
        // Cold content of new snow 5·12/160 plus nmf·(ATI − T) = 1·(−4.6875 + 5).
        Assert.Equal(0.375 + 0.3125, At(r, "HEAT_DEFICIT", 1), 10);
    }

    [Fact]
    public void Budget_CountsCorrectedSnowfallAsInput_AndCloses()
    {
        using var scope = NewDisposeScope();
        var b = OneDay().Budget!;
        Assert.Equal(20, b.Inputs[0].item<double>(), 12);
        Assert.Equal(12, b.Inputs[1].item<double>(), 12);
        Assert.True(b.Residual.abs().max().item<double>() < 1e-12);
    }
}
