using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Normalization;

namespace DeltaModel.Core.Tests.Data;

/// <summary>
/// A requested attribute that a basin lacks is an error unless a fill is asked for; a fill uses the loaded basins
/// that have the value, is marked, is skipped by the normalisation statistics and is reported.
/// </summary>
public class AttributeFillTests
{
    /// <summary>Five basins; p_mean 1, 2, 10, NA, 4 (mean of the present 4.25, median 3); basin 4 on line 5.</summary>
    static (CamelsAttributeTable Table, string[] Basins, string File) SmallTable()
    {
        var dir = DataPaths.TempFolder();
        var file = Path.Combine(dir, "camels_clim.txt");
        File.WriteAllText(file, "gauge_id;p_mean\n01000001;1\n01000002;2\n01000003;10\n01000004;NA\n01000005;4\n");
        return (CamelsAttributeTable.Load(dir), ["01000001", "01000002", "01000003", "01000004", "01000005"], file);
    }

    [Fact]
    public void Require_WithoutFill_NamesTableLineBasinAndAttribute()
    {
        var (table, basins, file) = SmallTable();
        var e = Assert.Throws<DataException>(() => table.Require("p_mean", basins, AttributeFill.None));
        Assert.Equal(file, e.FilePath);
        Assert.Equal(5, e.Line);
        Assert.Contains("basin 01000004 has 'NA' (missing) for attribute p_mean", e.Message);
        Assert.Contains("data.attribute_fill", e.Message);
    }

    [Fact]
    public void Require_WithoutFill_AcceptsBasinsThatAllHaveTheValue()
    {
        var (table, basins, _) = SmallTable();
        var a = table.Require("p_mean", [basins[0], basins[4]], AttributeFill.None);
        Assert.Equal([1.0, 4.0], a.Values);
        Assert.Null(a.Filled);
        Assert.Equal(0, a.FilledCount);
    }

    [Theory]
    [InlineData(AttributeFill.Mean, 4.25)]
    [InlineData(AttributeFill.Median, 3.0)]
    public void Require_WithFill_FillsFromTheLoadedBasins_AndMarksTheFill(AttributeFill fill, double expected)
    {
        var (table, basins, _) = SmallTable();
        var a = table.Require("p_mean", basins, fill);
        Assert.Equal([1, 2, 10, expected, 4], a.Values);
        Assert.NotNull(a.Filled);
        Assert.Equal([false, false, false, true, false], a.Filled);
        Assert.Equal(fill, a.Fill);
        Assert.True(double.IsNaN(a.ObservedValues()[3]));
        Assert.Equal(1, a.Select([3, 0]).FilledCount);
    }

    [Fact]
    public void Require_WithFill_ButNoBasinHasTheValue_SaysThereIsNothingToFillFrom()
    {
        var (table, basins, file) = SmallTable();
        var e = Assert.Throws<DataException>(() => table.Require("p_mean", [basins[3]], AttributeFill.Mean));
        Assert.Equal(file, e.FilePath);
        Assert.Contains("no requested basin has a value for attribute p_mean", e.Message);
    }

    /// <summary>
    /// The README's main job asks for 35 attributes of the 19 sample basins, 7 of whose cells are NA. Before fills
    /// were explicit a NaN attribute normalised to 0 over statistics of the present values; with attribute_fill mean
    /// the statistics and every normalised network input must be bit-identical, so the job's results are unchanged.
    /// </summary>
    [Fact]
    public void MeanFill_NormalisesExactlyAsTheImplicitNaNHandlingDid_OnTheReadmeJobsAttributes()
    {
        var config = ExperimentConfig.Load(Path.Combine(DataPaths.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml"));
        var names = config.Model.Nn.Attributes;
        var basins = BasinSelection.FromFile(config.Data.BasinFile!).Ids;
        var table = CamelsAttributeTable.Load(Path.Combine(DataPaths.CamelsSample, "camels_attributes_v2.0"));
        int filledCells = 0;
        foreach (var name in names)
        {
            var filled = table.Require(name, basins, AttributeFill.Mean);
            var implicitNaN = table.Attribute(name, basins);
            var before = VariableStatistics.Compute(name, NormalizationKind.ZScore, implicitNaN.Values);
            var now = VariableStatistics.Compute(name, NormalizationKind.ZScore, filled.ObservedValues());
            Assert.Equal(before, now);
            for (int b = 0; b < basins.Count; b++)
            {
                double old = before.Normalize(implicitNaN.Values[b]);
                float oldInput = double.IsNaN(old) ? 0f : (float)old; // PreparedData's rule for a missing input
                Assert.Equal(BitConverter.SingleToInt32Bits(oldInput), BitConverter.SingleToInt32Bits((float)now.Normalize(filled.Values[b])));
            }
            filledCells += filled.FilledCount;
        }
        Assert.Equal(7, filledCells); // guards the test: the sample really has gaps to fill
    }

    [Fact]
    public void DatasetLoader_PassesTheConfigsFill_AndTheDescriptionReportsIt()
    {
        var data = new DataConfig
        {
            Path = DataPaths.CamelsSample, ForcingSource = "nldas", Pet = "none", Basins = ["01013500", "01022500"],
            AttributeFill = "median",
        };
        var request = new DatasetLoader.Request(["prcp"], ["root_depth_50"], DatePeriod.Parse("2000-01-01..2000-01-31"));
        var dataset = DatasetLoader.Load(data, request);
        var root = dataset.Attribute("root_depth_50");
        Assert.NotNull(root.Filled);
        Assert.Equal([true, false], root.Filled);
        Assert.Equal(root.Values[1], root.Values[0]); // the median of one present value is that value
        Assert.Contains("attribute_fill median: root_depth_50 (01013500)", dataset.Source);
        Assert.Contains("filled", DatasetSummary.Of(dataset).Render());

        var strict = Assert.Throws<DataException>(() => DatasetLoader.Load(data with { AttributeFill = null }, request));
        Assert.Contains("basin 01013500 has 'NA' (missing) for attribute root_depth_50", strict.Message);
        Assert.EndsWith("camels_vege.txt", strict.FilePath);
        Assert.Equal(2, strict.Line);
    }

    [Fact]
    public void Config_AttributeFill_OtherThanMeanOrMedian_IsAClearError()
    {
        var errors = new ConfigErrors("experiment.yaml");
        new DataConfig { Path = DataPaths.CamelsSample, AttributeFill = "average" }.Validate(errors, "data");
        var message = Assert.Single(errors.Problems);
        Assert.Contains("'data.attribute_fill': expected one of mean, median", message);
        Assert.Contains("average", message);
    }
}
