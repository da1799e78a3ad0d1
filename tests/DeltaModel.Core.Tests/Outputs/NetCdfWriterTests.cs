using DeltaModel.Core.Data;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Tests.Shared;

namespace DeltaModel.Core.Tests.Outputs;

public class NetCdfWriterTests
{
    /// <summary>Units as a model declares them (streamflow and observed mm/d, the store SM mm, BFI %).</summary>
    static readonly Dictionary<string, string> Units = new() { ["streamflow"] = "mm/d", ["observed"] = "mm/d", ["SM"] = "mm", ["BFI"] = "%" };

    static SimulationOutput Sample() => new(
        ["01013500", "01022500"], new DateOnly(2005, 10, 1), 3,
        new Dictionary<string, float[]>
        {
            // [T, B] time-major: t0 (b0, b1), t1 (b0, b1), t2 (b0, b1)
            ["streamflow"] = [1.5f, 2.5f, 1.25f, 2.25f, 1f, 2f],
            ["SM"] = [10f, 20f, 11f, 21f, 12f, 22f],
        },
        new Dictionary<string, float[]> { ["BFI"] = [55.5f, 42f] });

    static NcDump Dump(string path, params string[] options)
    {
        var ncdump = NcDump.Find();
        Skip.If(ncdump is null, NcDump.Missing);
        return NcDump.Run(ncdump!, path, options);
    }

    [Fact]
    public void Write_StartsWithTheClassic64BitOffsetMagic()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, NetCdfWriter.FileName);
        NetCdfWriter.Write(path, Sample(), observed: null, Units);
        Assert.Equal("CDF\x02"u8.ToArray(), File.ReadAllBytes(path)[..4]);
        Assert.Equal(0, File.ReadAllBytes(path).Length % 4);   // every block padded to 4 bytes
    }

    /// <summary>
    /// netCDF-C's ncdump (the reference reader) opens the file: header and data round-trip, with CF attributes.
    /// </summary>
    [SkippableFact]
    public void Write_RoundTripsValuesDimensionsAndAttributes_ThroughNcdump()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(dir, NetCdfWriter.FileName);
        float[] observed = [1.4f, float.NaN, 1.3f, 2.2f, 1.1f, 2.1f];

        Assert.Equal(path, NetCdfWriter.Write(path, Sample(), observed, Units));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));

        var header = Dump(path, "-h").Text;
        Assert.Contains("netcdf simulation {", header);
        Assert.Contains("basin = 2 ;", header);
        Assert.Contains("time = 3 ;", header);
        Assert.Contains("char basin(basin, basin_strlen) ;", header);
        Assert.Contains("double time(time) ;", header);
        Assert.Contains("float streamflow(basin, time) ;", header);
        Assert.Contains("float BFI(basin) ;", header);
        Assert.DoesNotContain("data:", header);

        var nc = Dump(path);
        Assert.Equal("CF-1.8", nc.Attribute(":Conventions"));
        Assert.Equal("timeSeries", nc.Attribute(":featureType"));
        Assert.Equal(["01013500", "01022500"], nc.Strings("basin"));
        Assert.Equal("timeseries_id", nc.Attribute("basin:cf_role"));
        Assert.Equal([0.0, 1.0, 2.0], nc.Numbers("time"));
        Assert.Equal("days since 2005-10-01", nc.Attribute("time:units"));
        Assert.Equal("time", nc.Attribute("time:standard_name"));
        Assert.Equal([1.5, 1.25, 1, 2.5, 2.25, 2], nc.Numbers("streamflow"));   // [basin, time]
        Assert.Equal("mm d-1", nc.Attribute("streamflow:units"));   // the model's mm/d, in UDUNITS spelling
        var obs = nc.Numbers("observed");
        Assert.True(double.IsNaN(obs[3]));
        Assert.Equal(2.2, obs[4], 6);
        Assert.Equal("mm", nc.Attribute("SM:units"));
        Assert.Equal([10, 11, 12, 20, 21, 22], nc.Numbers("SM"));
        Assert.Equal([55.5, 42], nc.Numbers("BFI"));
        Assert.Equal("percent", nc.Attribute("BFI:units"));
    }

    [SkippableFact]
    public void Write_ReplacesAnExistingFile_AndTakesCallerUnits()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "run.nc");
        File.WriteAllText(path, "old");
        NetCdfWriter.Write(path, Sample(), observed: null, new Dictionary<string, string>(Units) { ["streamflow"] = "m3/s" });

        var header = Dump(path, "-h");
        Assert.DoesNotContain(" observed(", header.Text);
        Assert.Equal("m3 s-1", header.Attribute("streamflow:units"));
        Assert.DoesNotContain(" lat(", header.Text);     // no stations given: no coordinates, no discharge
        Assert.DoesNotContain(" discharge(", header.Text);
        Assert.Null(header.Attribute("streamflow:coordinates"));
    }

    [Fact]
    public void Write_RejectsAVariableWithoutAUnit_AndNamesIt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "run.nc");
        var units = new Dictionary<string, string>(Units);
        units.Remove("SM");

        var e = Assert.Throws<ArgumentException>(() => NetCdfWriter.Write(path, Sample(), observed: null, units));
        Assert.Contains("SM", e.Message);
        Assert.False(File.Exists(path));
    }

    static readonly NetCdfStations stations = new(
        [new BasinLocation(47.23739, 250.31, 2252.7, -68.58264), new BasinLocation(44.60797, double.NaN, 573.6, -67.93524)], "streamflow");

    [SkippableFact]
    public void Write_WithStations_AddsCoordinatesAreaAndDischargeInCubicMetresPerSecond()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, NetCdfWriter.FileName);
        NetCdfWriter.Write(path, Sample(), [1.4f, float.NaN, 1.3f, 2.2f, 1.1f, 2.1f], Units, stations);

        var nc = Dump(path);
        Assert.Contains("double lat(basin) ;", nc.Text);
        Assert.Equal([47.23739, 44.60797], nc.Numbers("lat"));
        Assert.Equal("degrees_north", nc.Attribute("lat:units"));
        Assert.Equal("latitude", nc.Attribute("lat:standard_name"));
        Assert.Equal("longitude", nc.Attribute("lon:standard_name"));
        Assert.Equal("degrees_east", nc.Attribute("lon:units"));
        Assert.Equal([-68.58264, -67.93524], nc.Numbers("lon"));
        Assert.Equal([2252.7, 573.6], nc.Numbers("area"));
        Assert.Equal("km2", nc.Attribute("area:units"));
        Assert.Equal("m3 s-1", nc.Attribute("discharge:units"));
        Assert.Equal("water_volume_transport_in_river_channel", nc.Attribute("discharge:standard_name"));
        // 1.5 mm/d over 2252.7 km² = 1.5e-3 m · 2252.7e6 m² / 86400 s = 39.109 m3/s
        Assert.Equal(39.109375, nc.Numbers("discharge")[0], 3);
        Assert.True(double.IsNaN(nc.Numbers("observed_discharge")[3]));
        Assert.Equal("m3 s-1", nc.Attribute("observed_discharge:units"));
        Assert.Equal("lat lon", nc.Attribute("streamflow:coordinates"));
        Assert.Equal("lat lon", nc.Attribute("discharge:coordinates"));
    }
}
