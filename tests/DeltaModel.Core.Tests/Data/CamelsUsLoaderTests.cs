using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;

namespace DeltaModel.Core.Tests.Data;

public class CamelsUsLoaderTests
{
    static readonly CamelsUsOptions sampleOptions = new() { ForcingSource = "nldas" };
    static readonly Lazy<HydroDataset> wholeSample = new(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions));

    [Fact]
    public void Load_EmbeddedSample_Reads19BasinsOnTheirCommonPeriod()
    {
        var d = wholeSample.Value;
        Assert.Equal(19, d.Basins.Count);
        Assert.Equal(new DateOnly(1993, 9, 29), d.Start);
        Assert.Equal(new DateOnly(2013, 10, 3), d.End);
        Assert.Equal(["dayl", "prcp", "srad", "streamflow", "tmax", "tmean", "tmin", "vp"], d.Dynamic.Keys.Order().ToList());
    }

    [Fact]
    public void Load_KnownBasin_FirstValuesMatchTheFile()
    {
        // 01013500 first line: 1993 09 29 12  41472.00  0.89  184.02  0.00  8.64  8.64  862.86; flow 514.00 ft³/s.
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with { Basins = BasinSelection.FromIds(["01013500"]) });
        Assert.Equal(0.89f, d.Variable("prcp")[0, 0]);
        Assert.Equal(8.64f, d.Variable("tmax")[0, 0]);
        Assert.Equal(8.64f, d.Variable("tmean")[0, 0]);
        Assert.Equal(41472f, d.Variable("dayl")[0, 0]);
        Assert.Equal(862.86f, d.Variable("vp")[0, 0]);
        Assert.Equal(46.84, d.Locations[0].Latitude, 6);
        Assert.Equal("mm/d", d.Variable("prcp").Unit);
    }

    [Fact]
    public void Load_ConvertsCfsToMillimetresPerDay_WithAreaGages2()
    {
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with { Basins = BasinSelection.FromIds(["01013500"]) });
        double expected = 514.0 * 0.0283168 * 86400 * 1000 / (2252.7 * 1e6); // 0.5582 mm/d
        Assert.Equal(expected, d.Target[0, 0], 5);
        Assert.Equal(2252.7, d.Locations[0].AreaKm2, 6);
        Assert.Equal("mm/d", d.Target.Unit);
    }

    [Fact]
    public void Load_ForcingHeaderArea_UsesLine3OfTheForcingFile()
    {
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013500"]), Area = StreamflowArea.ForcingHeader,
        });
        Assert.Equal(2260.093113, d.Locations[0].AreaKm2, 6);
        Assert.Equal(514.0 * 0.0283168 * 86400 * 1000 / 2260.093113e6, d.Target[0, 0], 5);
    }

    [Fact]
    public void Load_MissingFlagsBecomeNaN_AndPeriodSlices()
    {
        // 01022500: 2014-09-30 is 46.00 A, 2014-10-01 onwards -999.00 M.
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01022500"]), Period = DatePeriod.Parse("2014-09-30..2014-10-31"),
        });
        Assert.Equal(32, d.DayCount);
        Assert.Equal(CamelsUsLoader.CfsToMillimetresPerDay(46, 573.6), d.Target[0, 0], 5);
        Assert.True(float.IsNaN(d.Target[1, 0]));
        Assert.Equal(31, d.Target.MissingCount());
        Assert.Equal(0, d.Variable("prcp").MissingCount());
    }

    [Fact]
    public void Load_StreamflowOutsideItsRecord_IsMissing()
    {
        // 06221400's streamflow starts 2002-06-30, its forcings 1993-09-29.
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["06221400"]), Period = DatePeriod.Parse("2002-06-29..2002-06-30"),
        });
        Assert.True(float.IsNaN(d.Target[0, 0]));
        Assert.False(float.IsNaN(d.Target[1, 0]));
    }

    [Fact]
    public void Load_PeriodBeyondForcings_NamesTheFile()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013500"]), Period = DatePeriod.Parse("1990-01-01..1995-01-01"),
        }));
        Assert.EndsWith("01013500_lump_nldas_forcing_leap.txt", e.FilePath);
        Assert.Contains("1993-09-29..2013-10-03", e.Message);
    }

    [Fact]
    public void Load_Attributes_WithAliasAndCategories()
    {
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013500", "01022500"]), Attributes = ["p_mean", "geol_porosity", "geol_1st_class"],
        });
        Assert.Equal(3.12667898699521, d.Attribute("p_mean").Values[0], 10);
        Assert.Equal(0.1714, d.Attribute("geol_porosity").Values[0], 6);
        Assert.NotNull(d.Attribute("geol_1st_class").Categories);
    }

    [Fact]
    public void Load_UnknownAttribute_SuggestsTheClosest()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with { Attributes = ["frac_snoww"] }));
        Assert.Contains("did you mean 'frac_snow'", e.Message);
    }

    [Fact]
    public void Load_UnknownForcingSource_ListsTheAvailableOnes()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, new CamelsUsOptions()));
        Assert.Contains("no 'daymet' forcing folder", e.Message);
        Assert.Contains("available forcing sources: nldas", e.Message);
    }

    [Fact]
    public void Load_UnknownBasin_NamesTheFolderAndWhatWasExpected()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013501"]),
        }));
        Assert.Contains("01013501_lump_*_forcing_leap.txt", e.Message);
        Assert.Contains("did you mean '01013500'", e.Message);
    }

    [Fact]
    public void Load_UnknownVariable_SuggestsTheClosest()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013500"]), Variables = ["prpc"],
        }));
        Assert.Contains("did you mean 'prcp'", e.Message);
    }

    [Fact]
    public void Load_Hargreaves_RefusedOnNldas_BecauseTmaxEqualsTmin()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with
        {
            Basins = BasinSelection.FromIds(["01013500"]), Pet = "hargreaves",
        }));
        Assert.Contains("tmax == tmin", e.Message);
    }

    [Fact]
    public void Load_OudinPet_MatchesTheFormulaOnTheFirstDay()
    {
        var d = CamelsUsLoader.Load(DataPaths.CamelsSample, sampleOptions with { Basins = BasinSelection.FromIds(["01013500"]), Pet = "oudin" });
        // 1993-09-29 is day 272; tmean 8.64 °C; latitude 46.84.
        double expected = Core.Data.Evapotranspiration.PotentialEvapotranspiration.Oudin(8.64, 46.84, 272);
        Assert.Equal(expected, d.Variable("pet")[0, 0], 4);
        Assert.InRange(d.Variable("pet")[0, 0], 1.0, 2.0);
    }

    [Fact]
    public void Load_NeuralHydrologyDaymet_ReadsFlatLayoutAndHargreaves()
    {
        // Flat layout (no HUC folders), camels_us/ sub-folder, daymet with a real temperature range.
        var d = CamelsUsLoader.Load(Path.GetDirectoryName(DataPaths.NeuralHydrology)!, new CamelsUsOptions
        {
            Basins = BasinSelection.FromIds(["01022500"]), Pet = "hargreaves",
        });
        Assert.Equal(new DateOnly(2000, 1, 1), d.Start);
        Assert.Equal(-2.36f, d.Variable("tmax")[0, 0]);
        Assert.Equal(-14.36f, d.Variable("tmin")[0, 0]);
        Assert.Equal(-8.36f, d.Variable("tmean")[0, 0], 4);
        double expected = Core.Data.Evapotranspiration.PotentialEvapotranspiration.Hargreaves(-14.36, -2.36, 44.82, 1);
        Assert.Equal(expected, d.Variable("pet")[0, 0], 4);
        Assert.Equal(CamelsUsLoader.CfsToMillimetresPerDay(255, 573.6), d.Target[0, 0], 5);
    }

    [Theory]
    [InlineData("daymet", 2003)]
    [InlineData("maurer", 2002)]
    [InlineData("maurer_extended", 2002)]
    [InlineData("nldas", 2002)]
    public void Load_EveryNeuralHydrologySource_ReadsFourBasinsFrom2000(string source, int lastYear)
    {
        var d = CamelsUsLoader.Load(DataPaths.NeuralHydrology, new CamelsUsOptions
        {
            ForcingSource = source, Basins = BasinSelection.FromIds(["01022500"]), Pet = "hamon",
        });
        Assert.Equal(new DateOnly(2000, 1, 1), d.Start);
        Assert.Equal(lastYear, d.End.Year);
        Assert.Equal(0, d.Variable("prcp").MissingCount());
        // Hamon from the file's own day length (s → h): check the first day against the formula.
        double expected = Core.Data.Evapotranspiration.PotentialEvapotranspiration.Hamon(d.Variable("tmean")[0, 0], d.Variable("dayl")[0, 0] / 3600.0);
        Assert.Equal(expected, d.Variable("pet")[0, 0], 4);
        var all = CamelsUsLoader.Load(DataPaths.NeuralHydrology, new CamelsUsOptions { ForcingSource = source });
        Assert.Equal(["01022500", "01547700", "02064000", "03015500"], all.Basins);
    }

    [Fact]
    public void Load_MalformedForcingLine_NamesFileAndLine()
    {
        var root = CopyOneBasin("01013500");
        var forcing = Directory.GetFiles(Path.Combine(root, "basin_mean_forcing"), "*.txt", SearchOption.AllDirectories)[0];
        var lines = File.ReadAllLines(forcing);
        lines[9] = lines[9].Replace("\t", "\tx", StringComparison.Ordinal);
        File.WriteAllLines(forcing, lines);
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(root, sampleOptions));
        Assert.Equal(forcing, e.FilePath);
        Assert.Equal(10, e.Line);
    }

    [Fact]
    public void Load_CuahsiSampleWithItsPartialTables_ExplainsTheMissingBasin()
    {
        var e = Assert.Throws<DataException>(() => CamelsUsLoader.Load(DataPaths.Cuahsi, sampleOptions));
        Assert.Contains("basin '01022500' is not in the attribute tables", e.Message);
        var d = CamelsUsLoader.Load(DataPaths.Cuahsi, sampleOptions with
        {
            AttributesPath = DataPaths.FullAttributes, Basins = BasinSelection.FromIds(["01022500"]),
        });
        Assert.Equal(new DateOnly(1980, 1, 1), d.Start);
    }

    static string CopyOneBasin(string id)
    {
        var root = DataPaths.TempFolder();
        foreach (var sub in new[] { "basin_mean_forcing/nldas", "usgs_streamflow", "camels_attributes_v2.0" })
        {
            var from = Path.Combine(DataPaths.CamelsSample, sub);
            foreach (var file in Directory.GetFiles(from, "*.txt", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (sub != "camels_attributes_v2.0" && !name.StartsWith(id, StringComparison.Ordinal)) continue;
                var to = Path.Combine(root, sub, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }
        return root;
    }
}
