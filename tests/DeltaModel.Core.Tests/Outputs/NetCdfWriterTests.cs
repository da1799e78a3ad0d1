using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using PureHDF;
using PureHDF.VOL.Native;

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

    [Fact]
    public void Write_RoundTripsValuesDimensionsAndAttributes_ThroughAnHdf5Reader()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(dir, NetCdfWriter.FileName);
        float[] observed = [1.4f, float.NaN, 1.3f, 2.2f, 1.1f, 2.1f];

        Assert.Equal(path, NetCdfWriter.Write(path, Sample(), observed, Units));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));

        using var file = H5File.OpenRead(path);
        Assert.Equal("CF-1.8", file.Attribute("Conventions").Read<string>());
        Assert.Equal(["01013500", "01022500"], file.Dataset("basin").Read<string[]>());
        var time = file.Dataset("time");
        Assert.Equal([0.0, 1.0, 2.0], time.Read<double[]>());
        Assert.Equal("days since 2005-10-01", time.Attribute("units").Read<string>());
        Assert.Equal("DIMENSION_SCALE", time.Attribute("CLASS").Read<string>());
        Assert.Equal("basin", file.Dataset("basin").Attribute("NAME").Read<string>());

        var q = file.Dataset("streamflow");
        Assert.Equal([2ul, 3ul], q.Space.Dimensions);
        Assert.Equal(4, q.Type.Size);   // float32
        Assert.Equal([1.5f, 1.25f, 1f, 2.5f, 2.25f, 2f], q.Read<float[]>());   // [basin, time]
        Assert.Equal("mm/d", q.Attribute("units").Read<string>());
        var dims = q.Attribute("DIMENSION_LIST").Read<NativeObjectReference1[][]>();
        Assert.Equal(["basin", "time"], dims.Select(d => file.Get(Assert.Single(d)).Name));

        var obs = file.Dataset("observed").Read<float[]>();
        Assert.True(float.IsNaN(obs[3]));
        Assert.Equal(2.2f, obs[4]);
        Assert.Equal("mm", file.Dataset("SM").Attribute("units").Read<string>());
        Assert.Equal([10f, 11f, 12f, 20f, 21f, 22f], file.Dataset("SM").Read<float[]>());

        var bfi = file.Dataset("BFI");
        Assert.Equal([2ul], bfi.Space.Dimensions);
        Assert.Equal([55.5f, 42f], bfi.Read<float[]>());
        Assert.Equal("%", bfi.Attribute("units").Read<string>());
    }

    [Fact]
    public void Write_ReplacesAnExistingFile_AndTakesCallerUnits()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "run.nc");
        File.WriteAllText(path, "old");
        NetCdfWriter.Write(path, Sample(), observed: null, new Dictionary<string, string>(Units) { ["streamflow"] = "m3/s" });

        using var file = H5File.OpenRead(path);
        Assert.False(file.LinkExists("observed"));
        Assert.Equal("m3/s", file.Dataset("streamflow").Attribute("units").Read<string>());
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
}
