using DeltaModel.Core.Data;
using static DeltaModel.Core.Tests.Data.Corpus.TextMutation;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// The legal missing-value markers — streamflow's <c>-999</c> (with or without flag <c>M</c>) and Caravan's <c>NA</c>
/// in Q — come out as NaN, never as zero or as the sentinel, and only on the days they mark. Everywhere else a
/// marker is an error (see the broken-file corpus); a missing attribute is filled only when a fill is asked for.
/// </summary>
public class MissingValueTests
{
    const int FlowLine = 10, FlowDay = FlowLine - 1;                            // 1993-10-08

    static void AssertOnlyDayIsNaN(float[] series, int day)
    {
        Assert.True(float.IsNaN(series[day]), $"day {day} is {series[day]}, expected NaN.");
        Assert.NotEqual(0f, series[day]);
        Assert.Equal(1, series.Count(float.IsNaN));
    }

    [Theory]
    [InlineData("-999.00 M")]   // the CAMELS sentinel with its flag
    [InlineData("-999.00 A")]   // the sentinel alone
    public void Streamflow_MissingMarker_IsNaN(string valueAndFlag)
    {
        using var corpus = CorpusFolder.Create();
        EditLine(corpus.StreamflowFile, FlowLine, l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4)) + " " + valueAndFlag);
        AssertOnlyDayIsNaN(corpus.LoadCamels().Target.Series(0), FlowDay);
    }

    [Fact]
    public void Caravan_NA_InStreamflow_IsNaN()
    {
        // The whole record already has missing days of its own: exactly one more, on the marked day.
        using var corpus = CorpusFolder.Create();
        var before = corpus.LoadCaravan().Variable("streamflow").Series(0);
        Assert.False(float.IsNaN(before[9]));
        ReplaceField(corpus.SeriesFile, 10, 3, "NA", ',');
        var after = corpus.LoadCaravan().Variable("streamflow").Series(0);
        Assert.True(float.IsNaN(after[9]));
        Assert.Equal(before.Count(float.IsNaN) + 1, after.Count(float.IsNaN));
    }

    [Theory]
    [InlineData("NA")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Attribute_MissingMarker_IsMissing_NotAValue(string cell)
    {
        // The corpus loads one basin, so a fill has nothing to fill from: the error proves the marker was read as
        // missing rather than parsed (NaN) or kept. Fill values are tested with several basins in AttributeFillTests.
        using var corpus = CorpusFolder.Create();
        ReplaceField(corpus.ClimTable, CorpusFolder.TableBasinLine, 1, cell, ';'); // p_mean
        var e = Assert.Throws<DataException>(() => corpus.LoadCamels(o => o with { AttributeFill = AttributeFill.Mean }));
        Assert.Contains("no requested basin has a value for attribute p_mean", e.Message);
        Assert.Equal(corpus.ClimTable, e.FilePath);
    }
}
