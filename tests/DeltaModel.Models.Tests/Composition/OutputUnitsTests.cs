using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Tests.Composition;

public class OutputUnitsTests
{
    [Fact]
    public void For_Hbv_TakesTheDeclaredUnits_OfSeriesStoresScalarsParametersAndObserved()
    {
        var units = OutputUnits.For(ModelRegistry.CreatePhysics("hbv", new PhysicsOptions()), "streamflow");

        Assert.Equal("mm/d", units["streamflow"]);
        Assert.Equal("mm/d", units["observed"]);
        Assert.Equal("mm", units["SNOWPACK"]);
        Assert.Equal("-", units["evapfactor"]);
        Assert.Equal("%", units["BFI"]);
        Assert.Equal("mm", units[OutputUnits.ParameterPrefix + "parFC"]);
        Assert.Equal("d", units[OutputUnits.ParameterPrefix + "route_b"]);
    }

    [Fact]
    public void For_SacSma_GivesTheTemperatureIndexDegrees_NotMillimetres()
    {
        var units = OutputUnits.For(ModelRegistry.CreatePhysics("sac_sma", new PhysicsOptions()), "streamflow");

        Assert.Equal("°C", units["ATI"]);
        Assert.Equal("mm", units["HEAT_DEFICIT"]);
    }

    [Fact]
    public void For_ANetworkWithoutPhysics_GivesTheTargetAndObservedTheirUnit()
    {
        var units = OutputUnits.For(physics: null, "streamflow");

        Assert.Equal(OutputUnits.NetworkTargetUnit, units["streamflow"]);
        Assert.Equal(OutputUnits.NetworkTargetUnit, units["observed"]);
    }
}
