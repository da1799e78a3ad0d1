using System.Management.Automation;
using DeltaModel.Core.Data;

namespace DeltaModel.PowerShell.Tests.Commands;

[Collection(SessionCollection.Name)]
public class ImportHydroDatasetCommandTests(ModuleSession session)
{
    [Fact]
    public void Folder_ReturnsHydroDataset_WithTheSelectedBasinsAndPeriod()
    {
        var r = session.Run("Import-HydroDataset $sample -Basin 1013500,01022500 -Period 2000-01-01..2000-12-31 -Attribute p_mean");
        r.AssertClean();
        var d = r.Single<HydroDataset>();
        Assert.Equal(["01013500", "01022500"], d.Basins);
        Assert.Equal(366, d.DayCount);
        Assert.Contains("pet", d.Dynamic.Keys);
        Assert.Contains("p_mean", d.Attributes.Keys);
        Assert.Equal(ModuleSession.Sample, d.Origin!.Path);             // the dataset names its folder and format
        Assert.Equal("camels", d.Origin.Format);
    }

    [Fact]
    public void CaravanReleaseFolder_LoadsBasinsOfTwoSources_WithTheirAttributes()
    {
        var release = Path.Combine(ModuleSession.RepoRoot, "data", "caravan-release-sample");
        var r = session.Run($"Import-HydroDataset '{release}' -Basin hysets_01052500,camels_01022500 -Attribute area -Period 1982-01-01..1982-12-31");
        r.AssertClean();
        var d = r.Single<HydroDataset>();
        Assert.Equal(["hysets_01052500", "camels_01022500"], d.Basins);
        Assert.Equal(365, d.DayCount);
        Assert.Equal([383.82, 573.6], d.Attribute("area").Values);
        Assert.Equal("caravan_release", d.Origin!.Format);
    }

    /// <summary>The release's NetCDF form: a copy of the sample holding only timeseries/netcdf (netCDF-4) and the attributes.</summary>
    [Fact]
    public void CaravanReleaseNetCdfFolder_LoadsBasinsOfTwoSources()
    {
        var release = Path.Combine(ModuleSession.RepoRoot, "data", "caravan-release-sample");
        var folder = Directory.CreateTempSubdirectory("dm-ps-caravan-nc-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(release, "*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".nc", StringComparison.Ordinal) || Path.GetRelativePath(release, f).StartsWith("attributes", StringComparison.Ordinal)))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(release, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var r = session.Run($"Import-HydroDataset '{folder}' -Basin hysets_01052500,camels_01047000 -Attribute area");
            r.AssertClean();
            var d = r.Single<HydroDataset>();
            Assert.Equal(["hysets_01052500", "camels_01047000"], d.Basins);
            Assert.Equal(730, d.DayCount);
            Assert.Equal("caravan_release", d.Origin!.Format);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void GenericFolder_LoadsItsBasins()
    {
        var generic = Path.Combine(ModuleSession.RepoRoot, "data", "generic-sample");
        var r = session.Run($"Import-HydroDataset '{generic}' -Attribute p_mean");
        r.AssertClean();
        var d = r.Single<HydroDataset>();
        Assert.Equal(["01022500", "01047000"], d.Basins);
        Assert.Equal("generic", d.Origin!.Format);
    }

    /// <summary>The photosynthesis twin (docs/photosynthesis.md) loads from its folder with -Target, and from its experiment file.</summary>
    [Fact]
    public void TwinFolder_LoadsWithItsOwnTarget_FromTheFolderAndFromTheExperiment()
    {
        var twin = Path.Combine(ModuleSession.RepoRoot, "data", "photosynthesis-twin");
        var r = session.Run($"Import-HydroDataset '{twin}' -Target A_net -Pet none -Variable par,tleaf,co2,vpd -Attribute leaf_n,lma -Basin site_001,site_002");
        r.AssertClean();
        var d = r.Single<HydroDataset>();
        Assert.Equal("A_net", d.TargetName);
        Assert.Equal(["A_net", "co2", "par", "tleaf", "vpd"], d.Dynamic.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(100, d.DayCount);

        var experiment = Path.Combine(ModuleSession.RepoRoot, "experiments", "photosynthesis-twin", "experiment.yaml");
        r = session.Run($"Import-HydroDataset -Experiment '{experiment}'");
        r.AssertClean();
        Assert.Equal("A_net", r.Single<HydroDataset>().TargetName);
        Assert.Equal(48, r.Single<HydroDataset>().Basins.Count);
    }

    [Fact]
    public void Variable_KeepsOnlyThoseAndTheTarget()
    {
        var r = session.Run("Import-HydroDataset -LiteralPath $sample -Basin 01013500 -Period 2000-01-01..2000-01-31 -Variable prcp,tmean");
        r.AssertClean();
        Assert.Equal(["prcp", "streamflow", "tmean"], r.Single<HydroDataset>().Dynamic.Keys.Order());
    }

    [Fact]
    public void MissingFolder_IsObjectNotFound_NamingThePath()
    {
        var r = session.Run("Import-HydroDataset ./no/such/folder");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("DatasetFolderNotFound,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("./no/such/folder", e.TargetObject);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void FolderOfNoKnownFormat_IsInvalidData_NamingTheFolderAndTheKnownFormats()
    {
        var folder = Directory.CreateTempSubdirectory("dm-ps-format-").FullName;
        var r = session.Run($"Import-HydroDataset '{folder}'");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("InvalidData,", e.FullyQualifiedErrorId);
        Assert.Contains(folder, e.Exception.Message);
        Assert.Contains("known formats: camels (", e.Exception.Message);
        Assert.Contains("caravan (", e.Exception.Message);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void UnknownBasin_IsInvalidData_FromTheLoader()
    {
        var r = session.Run("Import-HydroDataset $sample -Basin 09999999 -Period 2000-01-01..2000-01-31");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("InvalidData,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Contains("09999999", e.Exception.Message);
    }

    [Fact]
    public void MalformedPeriod_FailsAtBinding()
    {
        var r = session.Run("Import-HydroDataset $sample -Period 2000-13-01..2000-12-31");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("ParameterArgumentTransformationError,", e.FullyQualifiedErrorId);
        Assert.Contains("yyyy-MM-dd", e.Exception.Message);
    }

    [Fact]
    public void UnknownForcingSource_IsRejectedByValidateSet()
    {
        var r = session.Run("Import-HydroDataset $sample -ForcingSource nldsa");
        Assert.StartsWith("ParameterArgumentValidationError,", Assert.IsType<ErrorRecord>(r.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public void Experiment_MissingFile_IsObjectNotFound()
    {
        var r = session.Run("Import-HydroDataset -Experiment ./missing.yaml");
        var e = Assert.IsType<ErrorRecord>(r.Error);
        Assert.StartsWith("ExperimentFileNotFound,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
    }

    [Fact]
    public void Experiment_LoadsTheVariablesItsModelNeeds()
    {
        var yaml = Path.Combine(session.Work, "lstm.yaml");
        File.WriteAllText(yaml, $$$"""
            data: {path: {{{ModuleSession.Sample}}}, basins: ['01013500']}
            model: {warm_up: 30, rho: 60, nn: {hidden_size: 8, forcings: [prcp, tmean]}}
            train: {period: {start: 2000-01-01, end: 2000-06-30}}
            test: {period: {start: 2000-07-01, end: 2000-09-30}}
            """);
        var r = session.Run($"Import-HydroDataset -Experiment '{yaml}'");
        r.AssertClean();
        var d = r.Single<HydroDataset>();
        Assert.Equal(new DateOnly(1999, 12, 2), d.Start);
        Assert.Equal(new DateOnly(2000, 9, 30), d.End);
        Assert.Equal(["prcp", "streamflow", "tmean"], d.Dynamic.Keys.Order());
        Assert.Equal(ModuleSession.Sample, d.Origin!.Path);
        Assert.Equal(["01013500"], d.Origin.Basins);
    }
}
