using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Caravan;
using DeltaModel.Core.Data.Evapotranspiration;

namespace DeltaModel.Core.Tests.Data;

public class CaravanLoaderTests
{
    static readonly CaravanOptions options = new()
    {
        AttributesPath = DataPaths.FullAttributes,
        Basins = BasinSelection.FromIds(["01022500"]),
    };

    [Fact]
    public void Load_FirstRowIs1981_01_01_WithItsValues()
    {
        // 01022500.csv row 1: 0,-16.5,1.6,1.27
        var d = CaravanLoader.Load(DataPaths.Caravan, options);
        Assert.Equal(new DateOnly(1981, 1, 1), d.Start);
        Assert.Equal(new DateOnly(2014, 12, 31), d.End);
        Assert.Equal(0f, d.Variable("prcp")[0, 0]);
        Assert.Equal(-16.5f, d.Variable("tmean")[0, 0]);
        Assert.Equal(1.27f, d.Target[0, 0]);
    }

    [Fact]
    public void Load_RecomputesPet_WithOudinAndGaugeLatitude()
    {
        var d = CaravanLoader.Load(DataPaths.Caravan, options with { Period = DatePeriod.Parse("1981-07-01..1981-07-01") });
        double tmean = d.Variable("tmean")[0, 0];
        double expected = PotentialEvapotranspiration.Oudin(tmean, 44.60797, new DateOnly(1981, 7, 1).DayOfYear);
        Assert.Equal(expected, d.Variable("pet")[0, 0], 4);
        Assert.Equal(44.60797, d.Locations[0].Latitude, 5);
    }

    [Fact]
    public void Load_NA_IsMissing()
    {
        // Row 12327 (2014-10-01) of 01022500 has Q = NA.
        var d = CaravanLoader.Load(DataPaths.Caravan, options with { Period = DatePeriod.Parse("2014-09-30..2014-10-01") });
        Assert.False(float.IsNaN(d.Target[0, 0]));
        Assert.True(float.IsNaN(d.Target[1, 0]));
    }

    [Fact]
    public void Load_AllBasins_SkipsListedBasinsWithoutFile()
    {
        // A two-basin copy: catchments.csv lists 01022500 and 01031500, only 01022500.csv is present.
        var dir = Path.Combine(DataPaths.TempFolder(), "Caravan-CAMELS");
        Directory.CreateDirectory(dir);
        var source = Path.Combine(DataPaths.Caravan, "data", "Caravan-CAMELS");
        File.WriteAllLines(Path.Combine(dir, "catchments.csv"), File.ReadLines(Path.Combine(source, "catchments.csv")).Take(3));
        File.Copy(Path.Combine(source, "01022500.csv"), Path.Combine(dir, "01022500.csv"));
        var d = CaravanLoader.Load(Path.GetDirectoryName(dir)!, new CaravanOptions { Pet = "none" });
        Assert.Equal(["01022500"], d.Basins);
        Assert.Contains("1 listed basin(s) without a series file skipped", d.Source);
        Assert.False(d.Dynamic.ContainsKey("pet"));
        var e = Assert.Throws<DataException>(() => CaravanLoader.Load(dir, new CaravanOptions { Pet = "none", Basins = BasinSelection.FromIds(["01031500"]) }));
        Assert.Contains("series file is absent", e.Message);
    }

    [Fact]
    public void Load_MalformedLine_NamesFileAndLine()
    {
        var dir = DataPaths.TempFolder();
        File.WriteAllText(Path.Combine(dir, "catchments.csv"), "gauge_id,gauge_name\n01022500,x\n");
        var file = Path.Combine(dir, "01022500.csv");
        File.WriteAllText(file, "0,-16.5,1.6,1.27\n7.69,-7.92,2.45\n");
        var e = Assert.Throws<DataException>(() => CaravanLoader.Load(dir, new CaravanOptions { Pet = "none" }));
        Assert.Equal(file, e.FilePath);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Load_PetWithoutAttributeTables_SaysLatitudeIsNeeded()
    {
        var e = Assert.Throws<DataException>(() => CaravanLoader.Load(DataPaths.Caravan, options with { AttributesPath = null }));
        Assert.Contains("needs each basin's latitude", e.Message);
    }

    [Fact]
    public void Load_Hargreaves_IsRefused_ForLackOfTmaxTmin() =>
        Assert.Contains("tmax and tmin", Assert.Throws<DataException>(() => CaravanLoader.Load(DataPaths.Caravan, options with { Pet = "hargreaves" })).Message);
}
