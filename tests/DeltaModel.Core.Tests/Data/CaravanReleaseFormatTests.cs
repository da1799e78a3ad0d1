using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Caravan;
using DeltaModel.Core.Data.Evapotranspiration;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Tests.Data;

public class CaravanReleaseFormatTests
{
    static readonly string folder = DataPaths.CaravanRelease;

    static HydroDataset Load(DatasetRequest request) => new CaravanReleaseFormat().Load(folder, request);

    [Fact]
    public void Load_EveryBasinOfEverySource_WithTheirDatesAndValues()
    {
        var d = Load(new DatasetRequest());
        Assert.Equal(["camels_01022500", "camels_01047000", "hysets_01052500"], d.Basins);
        Assert.Equal(new DateOnly(1981, 1, 1), d.Start);
        Assert.Equal(new DateOnly(1982, 12, 31), d.End);
        // camels_01022500.csv line 2: 1981-01-01,0,-16.5,1.6,1.27 (the headerless copy's row 1).
        Assert.Equal(0f, d.Variable("prcp")[0, 0]);
        Assert.Equal(-16.5f, d.Variable("tmean")[0, 0]);
        Assert.Equal(1.27f, d.Target[0, 0]);
        Assert.Equal(["pet", "prcp", "streamflow", "tmean"], d.Dynamic.Keys.Order());
        Assert.Contains("Caravan release (camels, hysets)", d.Source);
    }

    [Fact]
    public void Load_EqualsTheHeaderlessCopy_OnTheSameDays()
    {
        var release = Load(new DatasetRequest { Basins = BasinSelection.FromIds(["hysets_01052500"]), Pet = "none" });
        var headerless = CaravanLoader.Load(DataPaths.Caravan, new CaravanOptions
        {
            Basins = BasinSelection.FromIds(["01052500"]), Pet = "none", Period = DatePeriod.Parse("1981-01-01..1982-12-31"),
        });
        foreach (var name in new[] { "prcp", "tmean", "streamflow" })
            Assert.Equal(headerless.Variable(name).Values, release.Variable(name).Values);
    }

    [Fact]
    public void Load_ComputesOudinPet_FromTheGaugeLatitudeOfTheAttributes()
    {
        var d = Load(new DatasetRequest { Basins = BasinSelection.FromIds(["camels_01022500"]), Period = DatePeriod.Parse("1981-07-01..1981-07-01") });
        double expected = PotentialEvapotranspiration.Oudin(d.Variable("tmean")[0, 0], 44.60797, new DateOnly(1981, 7, 1).DayOfYear);
        Assert.Equal(expected, d.Variable("pet")[0, 0], 4);
        Assert.Equal(44.60797, d.Locations[0].Latitude, 5);
        Assert.Equal(573.6, d.Locations[0].AreaKm2, 5);
    }

    [Fact]
    public void Load_PetNone_ReadsTheFilesPetColumn_AndAMappedColumnFeedsAnyVariable()
    {
        var d = Load(new DatasetRequest
        {
            Basins = BasinSelection.FromIds(["camels_01022500"]), Pet = "none",
            Variables = ["pet", "evap"], Columns = new Dictionary<string, string> { ["evap"] = "potential_evaporation_sum" },
        });
        Assert.Equal(1.6f, d.Variable("pet")[0, 0]);
        Assert.Equal(d.Variable("pet").Values, d.Variable("evap").Values);
        Assert.Equal("mm/d", d.Variable("pet").Unit);
    }

    [Fact]
    public void Load_AColumnTheFileLacks_ListsTheMissingAndTheExistingColumns()
    {
        var e = Assert.Throws<DataException>(() => Load(new DatasetRequest
        {
            Basins = BasinSelection.FromIds(["hysets_01052500"]), Variables = ["prcp", "tmax", "srad"], Pet = "none",
        }));
        Assert.Contains("missing column(s) temperature_2m_max (for tmax), surface_net_solar_radiation_mean (for srad)", e.Message);
        Assert.Contains("the file has: total_precipitation_sum, temperature_2m_mean, potential_evaporation_sum, streamflow", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Load_MixedSourcesFromABasinFile_WithAttributesOfBothSources()
    {
        var basinFile = Path.Combine(DataPaths.TempFolder(), "basins.txt");
        File.WriteAllText(basinFile, "hysets_01052500\ncamels_01047000  # a comment\n");
        var d = Load(new DatasetRequest { Basins = BasinSelection.FromFile(basinFile), Attributes = ["p_mean", "area"] });
        Assert.Equal(["hysets_01052500", "camels_01047000"], d.Basins);
        Assert.Equal([3.73085831622177, 3.32314579055441], d.Attribute("p_mean").Values);
        Assert.Equal("km²", d.Attribute("area").Unit);
    }

    [Fact]
    public void Load_AnEmptyStreamflowCell_IsMissing()
    {
        // A copy of the one series whose line 10 (1981-01-09) has an empty streamflow cell, as Caravan writes a gap.
        var copy = DataPaths.TempFolder();
        var series = Path.Combine(copy, "timeseries", "csv", "camels", "camels_01022500.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(series)!);
        var lines = File.ReadAllLines(Path.Combine(folder, "timeseries", "csv", "camels", "camels_01022500.csv"));
        lines[9] = lines[9][..(lines[9].LastIndexOf(',') + 1)];
        File.WriteAllLines(series, lines);

        var d = new CaravanReleaseFormat().Load(copy, new DatasetRequest { Pet = "none" });
        Assert.True(float.IsNaN(d.Target[8, 0]));
        Assert.Equal(1, d.Target.MissingCount());
        Assert.True(double.IsNaN(d.Locations[0].Latitude)); // no attributes folder: locations unknown, not an error
    }

    [Fact]
    public void ABasinWithoutSourcePrefix_SaysHowCaravanSpellsIds()
    {
        var e = Assert.Throws<DataException>(() => Load(new DatasetRequest { Basins = BasinSelection.FromIds(["01022500"]) }));
        Assert.Contains("basin 01022500 has no source prefix", e.Message);
        Assert.Contains("camels_01022500", e.Message);
    }

    [Fact]
    public void ARegisteredFormat_IsDetected_AndAHeaderlessRequestIsRedirected()
    {
        Assert.Equal("caravan_release", DatasetFormats.Detect(folder).Name);
        var e = Assert.Throws<DataException>(() => DatasetFormats.Resolve("caravan", folder, "--format"));
        Assert.Contains("use --format caravan_release", e.Message);
    }
}
