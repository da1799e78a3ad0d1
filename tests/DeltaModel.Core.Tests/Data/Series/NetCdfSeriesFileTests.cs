using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Caravan;
using DeltaModel.Core.Data.Formats;
using DeltaModel.Core.Data.Series;
using DeltaModel.Tests.Shared;

namespace DeltaModel.Core.Tests.Data.Series;

/// <summary>NetCDF series files written by netCDF-C's ncgen decode to the values they declare: time units, packing, fill values.</summary>
public class NetCdfSeriesFileTests
{
    /// <summary>Packed precipitation (short × 0.01 + 0.5), a missing_value and a _FillValue in the target, time in days since an origin with a time of day.</summary>
    const string Packed = """
        netcdf packed {
        dimensions:
        	date = UNLIMITED ; // (4 currently)
        variables:
        	int date(date) ;
        		date:units = "days since 1990-12-30 00:00:00" ;
        	short prcp(date) ;
        		prcp:scale_factor = 0.01 ;
        		prcp:add_offset = 0.5 ;
        		prcp:units = "mm/d" ;
        	float streamflow(date) ;
        		streamflow:_FillValue = -999.f ;
        		streamflow:missing_value = -1.f ;
        	float other(date) ;
        data:
         date = 2, 3, 4, 5 ;
         prcp = 0, 150, 1000, 25 ;
         streamflow = 1.5, -999, -1, 2.25 ;
         other = 1, 2, 3, 4 ;
        }
        """;

    [SkippableTheory]
    [InlineData(NcGen.Classic)]
    [InlineData(NcGen.Offset64)]
    [InlineData(NcGen.NetCdf4)]
    public void Read_UnpacksScaleAndOffset_AndTreatsFillAndMissingValueAsMissing(string kind)
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var path = Path.Combine(folder, "packed.nc");
            NcGen.Write(Packed, path, kind);
            var s = BasinSeries.Read(path, [new("prcp", "prcp", false), new("streamflow", "streamflow", true)]);
            Assert.Equal(DatePeriod.Parse("1991-01-01..1991-01-04"), s.Period);
            Assert.Equal([0.5f, 2f, 10.5f, 0.75f], s.Values["prcp"]);
            Assert.Equal(1.5f, s.Values["streamflow"][0]);
            Assert.True(float.IsNaN(s.Values["streamflow"][1]));   // _FillValue
            Assert.True(float.IsNaN(s.Values["streamflow"][2]));   // missing_value
            Assert.Equal(2.25f, s.Values["streamflow"][3]);
            Assert.Equal("mm/d", s.DeclaredUnits["prcp"]);                      // the file's own unit text
            Assert.False(s.DeclaredUnits.ContainsKey("streamflow"));            // declares none
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>A variable outside the dataset vocabulary is reported in the unit its NetCDF file declares (the dataset summary shows it).</summary>
    [SkippableFact]
    public void Load_AVariableOutsideTheVocabulary_TakesTheUnitTheFileDeclares()
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var table = SeriesTable.Sample();
            table.Columns["dewpoint"] = table.Columns["tmean"].Select(t => t - 2).ToList();
            table.Units["dewpoint"] = "degC";
            var series = Path.Combine(folder, "time_series", "01022500.nc");
            Directory.CreateDirectory(Path.GetDirectoryName(series)!);
            table.Write(series, SeriesTable.Format.NetCdf4);
            var d = new DeltaModel.Core.Data.Generic.GenericFormat().Load(folder, new DatasetRequest { Pet = "none", Variables = ["prcp", "dewpoint"] });
            Assert.Equal("degC", d.Variable("dewpoint").Unit);
            Assert.Equal("mm/d", d.Variable("prcp").Unit);
            Assert.Contains(DatasetSummary.Of(d).Variables, v => v.Name == "dewpoint" && v.Unit == "degC" && v.MissingPercent == 0);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [SkippableFact]
    public void Read_AVariableTheFileLacks_ListsTheVariablesItHas()
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var path = Path.Combine(folder, "packed.nc");
            NcGen.Write(Packed, path, NcGen.NetCdf4);
            var e = Assert.Throws<DataException>(() => BasinSeries.Read(path, [new("tmean", "temperature_2m_mean", false)]));
            Assert.Equal(path, e.FilePath);
            Assert.Contains("missing variable(s) temperature_2m_mean (for tmean); the file has: prcp, streamflow, other", e.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [SkippableFact]
    public void Read_TimeUnitsThatAreNotCf_AreOneError()
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var path = Path.Combine(folder, "packed.nc");
            NcGen.Write(Packed.Replace("days since 1990-12-30 00:00:00", "day of the year"), path, NcGen.Classic);
            var e = Assert.Throws<DataException>(() => BasinSeries.Read(path, [new("prcp", "prcp", false)]));
            Assert.Contains("variable date has units 'day of the year'; expected CF time units", e.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Read_NotANetCdfFile_SaysSo()
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var path = Path.Combine(folder, "x.nc");
            File.WriteAllText(path, "date,prcp\n");
            var e = Assert.Throws<DataException>(() => BasinSeries.Read(path, [new("prcp", "prcp", false)]));
            Assert.Contains("not a NetCDF file", e.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The committed netCDF-4 sample (timeseries/netcdf, written by make-netcdf.sh) holds the CSV series' values.</summary>
    [Fact]
    public void CaravanSample_NetCdf_LoadsTheSameDatasetAsItsCsv()
    {
        var folder = DataPaths.TempFolder();
        try
        {
            var netcdf = Path.Combine(DataPaths.CaravanRelease, "timeseries", "netcdf");
            foreach (var file in Directory.EnumerateFiles(netcdf, "*.nc", SearchOption.AllDirectories))
                Copy(file, Path.Combine(folder, "timeseries", "netcdf", Path.GetRelativePath(netcdf, file)));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(DataPaths.CaravanRelease, "attributes"), "*", SearchOption.AllDirectories))
                Copy(file, Path.Combine(folder, Path.GetRelativePath(DataPaths.CaravanRelease, file)));
            var request = new DatasetRequest { Attributes = ["p_mean"] };
            var fromNetCdf = new CaravanReleaseFormat().Load(folder, request);
            var fromCsv = new CaravanReleaseFormat().Load(DataPaths.CaravanRelease, request);
            Assert.Equal(fromCsv.Basins, fromNetCdf.Basins);
            Assert.Equal(fromCsv.Start, fromNetCdf.Start);
            foreach (var name in fromCsv.Dynamic.Keys)
                Assert.Equal(fromCsv.Variable(name).Values, fromNetCdf.Variable(name).Values);
            Assert.Contains("Caravan release (camels, hysets)", fromNetCdf.Source);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}
