using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Tests.Outputs;

public class UdUnitsTests
{
    [Theory]
    [InlineData("mm/d", "mm d-1")]
    [InlineData("°C", "degC")]
    [InlineData("W/m²", "W m-2")]
    [InlineData("mm/°C/d", "mm degC-1 d-1")]
    [InlineData("1/d", "d-1")]
    [InlineData("km²", "km2")]
    [InlineData("m3/s", "m3 s-1")]
    [InlineData("-", "1")]
    [InlineData("", "1")]
    [InlineData("%", "percent")]
    [InlineData("mm", "mm")]
    [InlineData("log10(m²)", "log10(m2)")]
    public void Of_SpellsTheUnitForUdunits(string unit, string expected) => Assert.Equal(expected, UdUnits.Of(unit));
}
