using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Buckets;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// PRMS one-day checks computed by hand from the equations (MARRMoT m_45 in explicit splitting, see <see cref="Prms"/>).
/// No reference outputs of PRMS exist under shared/data, so parity is with these hand calculations.
/// </summary>
public class PrmsTests
{
    static readonly double[] Theta = [0, 3, 0.5, 0.8, 2, 1, 0.5, 0.4, 0.6, 100, 1, 50, 0.2, 2, 0.1, 0.01, 0.05, 0.01];

    static PhysicsResult OneDay()
    {
        var model = new Prms(new PhysicsOptions { Components = 1, Routing = false });
        var parameters = model.Declarations.Parameters.Select((p, i) => (p.Name, full(new long[] { 1, 2, 1 }, Theta[i], dtype: ScalarType.Float64)))
            .ToDictionary(x => x.Name, x => x.Item2);
        // Basin 0: 10 mm rain at 2 °C on a 4 mm pack, PET 5. Basin 1: dry day, PET 5, nearly empty upper zone.
        var forcings = tensor(new double[] { 10, 2, 5, 0, 2, 5 }).view(1, 2, 3);             // [T, B, 3]
        var stores = tensor(new double[,] { { 4, 1, 0.5, 20, 30, 10, 20 }, { 0, 1, 0.5, 1, 30, 10, 20 } }).T.unsqueeze(-1).contiguous();   // [7, 2, 1]
        return model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = new PhysicsState(stores) });
    }

    static double At(PhysicsResult r, string series, int basin) => r.Series[series][0, basin].item<double>();

    [Fact]
    public void Step_RainOnSnow_MatchesHandCalculation()
    {
        using var scope = NewDisposeScope();
        var r = OneDay();
        // melt = min(ddf·(T − tt), SNOW) = min(6, 4); interception 1 + α·β·P = 5 spills 3 above stor = 2.
        Assert.Equal(4, At(r, "snowmelt", 0), 12);
        Assert.Equal(3, At(r, "throughfall", 0), 12);
        Assert.Equal(2, At(r, "interception_evap", 0), 12);                 // min(β·PET, 2)
        Assert.Equal(2.3, At(r, "impervious_runoff", 0), 12);               // 0.5 + (1−β)(P + melt) − retip
        // Contributing area 0.2 + 0.2·20/40 = 0.3 of (β·melt + throughfall + bypass) = 10.2.
        Assert.Equal(3.06, At(r, "saturation_excess", 0), 12);
        Assert.Equal(7.14, At(r, "infiltration", 0), 12);
        Assert.Equal(27.14 / 40 * 2, At(r, "upper_soil_evap", 0), 12);      // RECHR/remx · (PET − ein − eim)
        Assert.Equal(0, At(r, "transpiration", 0), 12);                     // the upper zone meets the demand
        Assert.Equal(0.008, At(r, "drainage", 0), 12);                      // k1·(RES/resmax)^k2
        const double interflow = 0.1 * 9.992 + 0.01 * 9.992 * 9.992;
        Assert.Equal(interflow, At(r, "ssflow", 0), 12);
        Assert.Equal(0.05 * 20.008, At(r, "gwflow", 0), 12);
        Assert.Equal(0.01 * 0.95 * 20.008, At(r, "groundwater_sink", 0), 12);
        Assert.Equal(2.3 + 3.06 + interflow + 0.05 * 20.008, At(r, "streamflow", 0), 12);
        Assert.Equal(2 + 1 + 27.14 / 40 * 2, At(r, "AET_hydro", 0), 12);
    }

    [Fact]
    public void Step_DryDay_TranspiresFromLowerZone_WhenUpperZoneCannotMeetDemand()
    {
        using var scope = NewDisposeScope();
        var r = OneDay();
        // Demand after interception (1) and impervious (0.5) evaporation: 3.5; upper zone gives 1/40·3.5.
        Assert.Equal(0.0875, At(r, "upper_soil_evap", 1), 12);
        Assert.Equal(30.0 / 60 * (3.5 - 0.0875), At(r, "transpiration", 1), 12);
        Assert.Equal(1 + 0.5 + 0.0875 + 0.5 * 3.4125, At(r, "AET_hydro", 1), 12);
        Assert.Equal(30 - 0.5 * 3.4125, At(r, "SMAV", 1), 12);
    }

    [Fact]
    public void Budget_OfOneDay_Closes()
    {
        using var scope = NewDisposeScope();
        var b = OneDay().Budget!;
        Assert.Equal(10, b.Inputs[0].item<double>(), 12);
        Assert.Equal(-0.01 * 0.95 * 20.008, b.Exchange![0].item<double>(), 12);   // the groundwater sink leaves the basin
        Assert.True(b.Residual.abs().max().item<double>() < 1e-12);
    }
}
