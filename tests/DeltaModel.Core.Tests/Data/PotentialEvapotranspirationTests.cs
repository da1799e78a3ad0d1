using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Evapotranspiration;

namespace DeltaModel.Core.Tests.Data;

public class PotentialEvapotranspirationTests
{
    // FAO-56 example 8/9: 20° S on 3 September (day 246): Ra = 32.2 MJ m⁻² d⁻¹, N = 11.7 h.
    [Fact]
    public void ExtraterrestrialRadiation_MatchesFao56Example8() =>
        Assert.Equal(32.2, SolarGeometry.ExtraterrestrialRadiation(-20, 246), 1);

    [Fact]
    public void DaylightHours_MatchesFao56Example9() =>
        Assert.Equal(11.7, SolarGeometry.DaylightHours(-20, 246), 1);

    [Fact]
    public void SolarGeometry_HandlesPolarNightAndDay()
    {
        Assert.Equal(0, SolarGeometry.DaylightHours(80, 355), 6);
        Assert.Equal(24, SolarGeometry.DaylightHours(80, 172), 6);
        Assert.Equal(0, SolarGeometry.ExtraterrestrialRadiation(80, 355), 6);
    }

    [Fact]
    public void Hargreaves_MatchesHandComputation()
    {
        // Ra(20° S, day 246) = 32.19; 0.0023 · (25 + 17.8) · √10 · 32.19 / 2.45 = 4.09 mm/d.
        double ra = SolarGeometry.ExtraterrestrialRadiation(-20, 246);
        double expected = 0.0023 * 42.8 * Math.Sqrt(10) * ra / 2.45;
        Assert.Equal(expected, PotentialEvapotranspiration.Hargreaves(20, 30, -20, 246), 10);
        Assert.Equal(4.09, PotentialEvapotranspiration.Hargreaves(20, 30, -20, 246), 2);
    }

    [Fact]
    public void Oudin_MatchesHandComputation_AndIsZeroBelowMinusFive()
    {
        // Ra/λ · (T + 5)/100 = 32.19/2.45 · 0.25 = 3.285 mm/d at 20 °C.
        Assert.Equal(3.285, PotentialEvapotranspiration.Oudin(20, -20, 246), 3);
        Assert.Equal(0, PotentialEvapotranspiration.Oudin(-6, -20, 246));
        Assert.True(double.IsNaN(PotentialEvapotranspiration.Oudin(double.NaN, -20, 246)));
    }

    [Fact]
    public void Hamon_MatchesHandComputation()
    {
        // T = 20 °C: esat = 6.108 e^(17.26939·20/257.3) = 23.37 hPa; ρsat = 216.7 · 23.37 / 293.3 = 17.27 g/m³;
        // N = 12 h: 0.1651 · 1 · 17.27 · 1.2 = 3.42 mm/d.
        Assert.Equal(3.42, PotentialEvapotranspiration.Hamon(20, 12), 2);
        Assert.Equal(0, PotentialEvapotranspiration.Hamon(20, 0));
    }

    [Fact]
    public void Series_RejectsUnknownMethod_WithSuggestion()
    {
        var e = Assert.Throws<DataException>(() => PotentialEvapotranspiration.CheckMethod("oudn"));
        Assert.Contains("did you mean 'oudin'", e.Message);
    }
}
