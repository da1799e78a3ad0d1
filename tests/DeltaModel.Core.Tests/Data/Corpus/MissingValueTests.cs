using static DeltaModel.Core.Tests.Data.Corpus.TextMutation;

namespace DeltaModel.Core.Tests.Data.Corpus;

/// <summary>
/// Missing-value markers (<c>-999</c>, flag <c>M</c>, <c>NA</c>, empty cells) come out as NaN — never as zero or
/// as the sentinel — and only on the days or basins they mark.
/// </summary>
public class MissingValueTests
{
    const int FlowLine = 10, FlowDay = FlowLine - 1;                            // 1993-10-08
    const int ForcingLine = 14, ForcingDay = ForcingLine - CorpusFolder.ForcingHeaderLines - 1;

    static void AssertOnlyDayIsNaN(float[] series, int day)
    {
        Assert.True(float.IsNaN(series[day]), $"day {day} is {series[day]}, expected NaN.");
        Assert.NotEqual(0f, series[day]);
        Assert.Equal(1, series.Count(float.IsNaN));
    }

    [Theory]
    [InlineData("-999.00 M")]   // the CAMELS sentinel with its flag
    [InlineData("-999.00 A")]   // the sentinel alone
    [InlineData("812.00 M")]    // the flag alone
    [InlineData("-5.00 A")]     // an impossible negative discharge
    public void Streamflow_MissingMarker_IsNaN(string valueAndFlag)
    {
        var corpus = CorpusFolder.Create();
        EditLine(corpus.StreamflowFile, FlowLine, l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4)) + " " + valueAndFlag);
        AssertOnlyDayIsNaN(corpus.LoadCamels().Target.Series(0), FlowDay);
    }

    [Fact]
    public void Forcing_Sentinel_IsNaN()
    {
        var corpus = CorpusFolder.Create();
        ReplaceField(corpus.ForcingFile, ForcingLine, 5, "-999.00");
        AssertOnlyDayIsNaN(corpus.LoadCamels().Variable("prcp").Series(0), ForcingDay);
    }

    [Theory]
    [InlineData(0, "prcp")]
    [InlineData(3, "streamflow")]
    public void Caravan_NA_IsNaN(int column, string variable)
    {
        var corpus = CorpusFolder.Create();
        ReplaceField(corpus.SeriesFile, 10, column, "NA", ',');
        AssertOnlyDayIsNaN(corpus.LoadCaravan().Variable(variable).Series(0), 9);
    }

    [Theory]
    [InlineData("NA")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Attribute_MissingCell_IsNaN(string cell)
    {
        var corpus = CorpusFolder.Create();
        ReplaceField(corpus.ClimTable, CorpusFolder.TableBasinLine, 1, cell, ';'); // p_mean
        var p = corpus.LoadCamels().Attribute("p_mean").Values[0];
        Assert.True(double.IsNaN(p), $"p_mean is {p}, expected NaN.");
    }
}
