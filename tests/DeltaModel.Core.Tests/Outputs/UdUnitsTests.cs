using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Tests.Outputs;

public class UdUnitsTests
{
    /// <summary>The model's unit text → its UDUNITS-2 spelling.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "mm/d", "mm d-1" }, { "°C", "degC" }, { "W/m²", "W m-2" }, { "mm/°C/d", "mm degC-1 d-1" }, { "1/d", "d-1" },
        { "km²", "km2" }, { "m3/s", "m3 s-1" }, { "-", "1" }, { "", "1" }, { "%", "percent" }, { "mm", "mm" },
        { "log10(m²)", "log10(m2)" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Of_SpellsTheUnitForUdunits(string unit, string expected) => Assert.Equal(expected, UdUnits.Of(unit));
}
