using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Data.Generic;

namespace DeltaModel.Core.Tests.Data;

/// <summary>NeuralHydrology's generic layout: <c>time_series/&lt;id&gt;.csv</c> and <c>attributes/*.csv</c>, columns named by the user.</summary>
public class GenericFormatTests
{
    static readonly GenericFormat format = new();

    [Fact]
    public void Load_TheSample_EqualsTheCaravanReleaseItWasWrittenFrom()
    {
        var generic = format.Load(DataPaths.GenericSample, new DatasetRequest { Attributes = ["p_mean", "area"] });
        var release = DatasetFormats.Get("caravan_release").Load(DataPaths.CaravanRelease,
            new DatasetRequest { Basins = BasinSelection.FromIds(["camels_01022500", "camels_01047000"]), Attributes = ["p_mean", "area"] });
        Assert.Equal(["01022500", "01047000"], generic.Basins);
        Assert.Equal(release.Start, generic.Start);
        foreach (var name in new[] { "prcp", "tmean", "pet", "streamflow" })
            Assert.Equal(release.Variable(name).Values, generic.Variable(name).Values);
        Assert.Equal(release.Attribute("p_mean").Values, generic.Attribute("p_mean").Values);
        Assert.Equal(573.6, generic.Locations[0].AreaKm2, 5);
    }

    [Fact]
    public void Load_ColumnsOfOtherNames_AreMappedByTheRequest()
    {
        var folder = DataPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "time_series"));
        File.WriteAllText(Path.Combine(folder, "time_series", "de_110010.csv"),
            "date,Q_mm,precip,t2m\n2001-01-01,1.5,3.0,-2.0\n2001-01-02,,0.0,-4.5\n2001-01-03,1.25,7.5,1.0\n");
        var d = format.Load(folder, new DatasetRequest
        {
            Pet = "none", Variables = ["prcp", "tmean"],
            Columns = new Dictionary<string, string> { ["prcp"] = "precip", ["tmean"] = "t2m", ["streamflow"] = "Q_mm" },
        });
        Assert.Equal(["de_110010"], d.Basins);
        Assert.Equal([3.0f, 0.0f, 7.5f], d.Variable("prcp").Values);
        Assert.True(float.IsNaN(d.Target[1, 0]));
        Assert.Equal("°C", d.Variable("tmean").Unit);
    }

    [Fact]
    public void Load_AnUnmappedColumn_SaysWhichExistAndHowToMapThem()
    {
        var folder = DataPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "time_series"));
        var file = Path.Combine(folder, "time_series", "01013500.csv");
        File.WriteAllText(file, "date,precip,streamflow\n2001-01-01,3.0,1.5\n");
        var e = Assert.Throws<DataException>(() => format.Load(folder, new DatasetRequest { Pet = "none", Variables = ["prcp"] }));
        Assert.Equal($"{file}:1: missing column(s) prcp; the file has: precip, streamflow. Map the variable to an existing column with data.variables.", e.Message);
    }
}
