using DeltaModel.Core.Data;

namespace DeltaModel.Core.Tests.Data;

public class DatePeriodTests
{
    [Fact]
    public void Parse_ReadsInclusiveRange_AndCountsBothEnds()
    {
        var p = DatePeriod.Parse("1995-10-01..2005-09-30");
        Assert.Equal(new DateOnly(1995, 10, 1), p.Start);
        Assert.Equal(new DateOnly(2005, 9, 30), p.End);
        Assert.Equal(3653, p.Days);
        Assert.True(p.Contains(new DateOnly(2005, 9, 30)));
        Assert.False(p.Contains(new DateOnly(2005, 10, 1)));
        Assert.Equal("1995-10-01..2005-09-30", p.ToString());
    }

    [Fact]
    public void Parse_AcceptsSlashDates_OfThePythonConfigs() =>
        Assert.Equal(new DatePeriod(new(1980, 10, 1), new(2014, 9, 30)), DatePeriod.Parse("1980/10/01..2014/09/30"));

    [Theory]
    [InlineData("1995-10-01-2005-09-30", "START..END")]
    [InlineData("1995-13-01..2005-09-30", "'1995-13-01' is not a date")]
    [InlineData("2005-10-01..1995-09-30", "ends before it starts")]
    public void Parse_RejectsBadText_SayingWhatWasExpected(string text, string expected)
    {
        var e = Assert.Throws<DataException>(() => DatePeriod.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Intersect_GivesSharedDays_OrNullWhenDisjoint()
    {
        var a = DatePeriod.Parse("2000-01-01..2000-12-31");
        Assert.Equal(DatePeriod.Parse("2000-06-01..2000-12-31"), a.Intersect(DatePeriod.Parse("2000-06-01..2001-06-01")));
        Assert.Null(a.Intersect(DatePeriod.Parse("2001-01-01..2001-02-01")));
    }
}
