using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Data.Formats;

namespace DeltaModel.Core.Tests.Data;

public sealed class DatasetFormatsTests
{
    /// <summary>A sample folder per registered format: registering a format without adding its sample here fails
    /// <see cref="EveryRegisteredFormat_HasASampleFolder"/>.</summary>
    static readonly Dictionary<string, (string Folder, string Basin)> Samples = new()
    {
        ["camels"] = (DataPaths.CamelsSample, "01022500"),
        ["caravan"] = (DataPaths.Caravan, "01022500"),
        ["caravan_release"] = (DataPaths.CaravanRelease, "camels_01022500"),
        ["generic"] = (DataPaths.GenericSample, "01022500"),
    };

    public static TheoryData<string> FormatNames => new(DatasetFormats.Names);

    [Fact]
    public void EveryRegisteredFormat_HasASampleFolder() =>
        Assert.Equal(DatasetFormats.Names.Order(), Samples.Keys.Order());

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void EachFormat_IsDetectedOnItsSampleFolder_AndOnlyThere(string name)
    {
        var (folder, _) = Samples[name];
        Assert.Equal(name, DatasetFormats.Detect(folder).Name);
        foreach (var other in DatasetFormats.All.Where(f => f.Name != name))
            Assert.False(other.Detect(folder), $"{other.Name} also claims the {name} sample folder");
    }

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void EachFormat_ListsTheFilesOfTheRequestedBasin_AndTheSharedTables(string name)
    {
        var (folder, basin) = Samples[name];
        var format = DatasetFormats.Get(name);

        var files = format.InputFiles(folder, new DatasetRequest { Basins = BasinSelection.FromIds([basin]) });

        Assert.Contains(files, f => Path.GetFileName(f).StartsWith(basin, StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(Path.IsPathFullyQualified(f) && File.Exists(f), f));
        var otherBasins = files.Select(Path.GetFileName).Where(f => char.IsAsciiDigit(f![0]) && !f.StartsWith(basin, StringComparison.Ordinal));
        Assert.Empty(otherBasins);
    }

    [Fact]
    public void InputFiles_OfAMissingFolder_AreNone() =>
        Assert.All(DatasetFormats.All, f => Assert.Empty(f.InputFiles(Path.Combine(DataPaths.TempFolder(), "absent"), new DatasetRequest())));

    [Fact]
    public void Load_ThroughTheRegistry_EqualsTheLoaderItCallsFor()
    {
        var request = new DatasetRequest
        {
            Basins = BasinSelection.FromIds(["01022500"]), Period = DatePeriod.Parse("2000-01-01..2000-01-31"), ForcingSource = "nldas",
        };
        var viaRegistry = DatasetFormats.Detect(DataPaths.CamelsSample).Load(DataPaths.CamelsSample, request);
        var direct = CamelsUsLoader.Load(DataPaths.CamelsSample, new() { ForcingSource = "nldas", Basins = request.Basins, Period = request.Period });
        Assert.Equal(direct.Dynamic.Keys.Order(), viaRegistry.Dynamic.Keys.Order());
        Assert.Equal(direct.Dynamic["streamflow"].Values, viaRegistry.Dynamic["streamflow"].Values);
    }

    [Fact]
    public void Detect_AFolderOfNoKnownLayout_NamesTheFolderAndEveryFormat()
    {
        var folder = DataPaths.TempFolder();
        var e = Assert.Throws<DataException>(() => DatasetFormats.Detect(folder));
        Assert.Contains(folder, e.Message);
        Assert.All(DatasetFormats.All, f => Assert.Contains($"{f.Name} ({f.Layout}: {f.Marker})", e.Message));
    }

    [Fact]
    public void Detect_AFolderOfTwoLayouts_SaysItIsAmbiguous_AndHowToChoose()
    {
        var folder = DataPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "basin_mean_forcing"));
        File.WriteAllText(Path.Combine(folder, "catchments.csv"), "gauge_id\n01022500\n");
        var e = Assert.Throws<DataException>(() => DatasetFormats.Detect(folder));
        Assert.Contains(folder, e.Message);
        Assert.Contains("matches several dataset formats (camels, caravan)", e.Message);
        Assert.Contains("data.format or --format", e.Message);
    }

    [Fact]
    public void Detect_AMissingFolder_SaysNotFound()
    {
        var folder = Path.Combine(DataPaths.TempFolder(), "absent");
        var e = Assert.Throws<DataException>(() => DatasetFormats.Detect(folder));
        Assert.StartsWith($"{folder}: dataset folder not found", e.Message);
    }

    [Fact]
    public void Get_AnUnknownName_SuggestsTheClosest_AndListsTheKnown()
    {
        var e = Assert.Throws<DataException>(() => DatasetFormats.Get("carvan"));
        Assert.Contains("data.format 'carvan' is not a dataset format", e.Message);
        Assert.Contains("did you mean 'caravan'", e.Message);
        Assert.Contains($"expected one of: {string.Join(", ", DatasetFormats.Names)}", e.Message);
    }
}
