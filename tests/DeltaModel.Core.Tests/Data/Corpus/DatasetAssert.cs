using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Bit-for-bit comparison of two loaded datasets. Bits, not tolerances, because a legal variation of a file (line
/// ends, BOM, whitespace) must not change a single parsed value, NaN included.
/// </summary>
internal static class DatasetAssert
{
    public static void Identical(HydroDataset expected, HydroDataset actual)
    {
        Assert.Equal(expected.Basins, actual.Basins);
        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.DayCount, actual.DayCount);
        Assert.Equal(expected.Dynamic.Keys.Order(), actual.Dynamic.Keys.Order());
        foreach (var (name, variable) in expected.Dynamic)
            Assert.True(variable.Values.AsSpan().SequenceEqual(actual.Dynamic[name].Values), $"variable '{name}' differs.");
        Assert.Equal(expected.Attributes.Keys.Order(), actual.Attributes.Keys.Order());
        foreach (var (name, attribute) in expected.Attributes)
        {
            Assert.Equal(Bits(attribute.Values), Bits(actual.Attributes[name].Values));
            Assert.Equal(attribute.Categories, actual.Attributes[name].Categories);
        }
        Assert.Equal(expected.Locations.Count, actual.Locations.Count);
        for (int i = 0; i < expected.Locations.Count; i++)
        {
            var (e, a) = (expected.Locations[i], actual.Locations[i]);
            Assert.Equal(Bits([e.Latitude, e.Elevation, e.AreaKm2]), Bits([a.Latitude, a.Elevation, a.AreaKm2]));
        }
    }

    static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
