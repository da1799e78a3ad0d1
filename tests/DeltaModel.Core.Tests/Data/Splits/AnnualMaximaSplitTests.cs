using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;

namespace DeltaModel.Core.Tests.Data.Splits;

/// <summary>
/// The unseen-extremes rule on hand-made series whose ranks are known: distinct peaks, a tie, a year without enough
/// observations, a peak on the first day of a water year; and the day masks it gives to training and testing.
/// </summary>
public class AnnualMaximaSplitTests
{
    // Water years 2001..2010 (October starts): 2000-10-01 .. 2010-09-30.
    static readonly SplitConfig Rule = new() { FirstYear = 2001, LastYear = 2010, ReturnPeriod = 5, MinObservedDays = 300 };
    static readonly DateOnly Start = new(2000, 10, 1);

    /// <summary>Basin A: peaks 1..10 (WY2001 smallest, WY2010 largest). B: WY2003 and WY2007 tie for largest.
    /// C: WY2004 has no observations, its peaks as A's. Base flow 0.5, one peak day per year in mid-winter.</summary>
    static HydroDataset Series()
    {
        int days = Rule.End.DayNumber - Start.DayNumber + 1, B = 3;
        var q = new float[days * B];
        Array.Fill(q, 0.5f);
        for (int year = 2001; year <= 2010; year++)
        {
            int peakDay = new DateOnly(year, 1, 15).DayNumber - Start.DayNumber;
            int k = year - 2000;
            q[peakDay * B + 0] = k;
            q[peakDay * B + 1] = year is 2003 or 2007 ? 50 : k;
            q[peakDay * B + 2] = k;
        }
        for (int t = Rule.WaterYearStart(2004).DayNumber - Start.DayNumber; t < Rule.WaterYearStart(2005).DayNumber - Start.DayNumber; t++)
            q[t * B + 2] = float.NaN;
        return new HydroDataset(["00000001", "00000002", "00000003"], Start, days,
            [new DynamicVariable("streamflow", "mm/d", days, B, q)], [], Enumerable.Repeat(new BasinLocation(40, -100, 100), B).ToList());
    }

    [Fact]
    public void Distinct_peaks_get_Weibull_return_periods_and_the_two_largest_of_ten_are_held_out()
    {
        var a = AnnualMaximaSplit.Rank(Series(), Rule).Years("00000001");
        Assert.Equal(10, a.Count);
        var wy2010 = a.Single(y => y.Year == 2010);
        Assert.Equal((1, 11.0, 10.0, new DateOnly(2010, 1, 15)), (wy2010.Rank, wy2010.ReturnPeriod, wy2010.Peak, wy2010.Date));
        Assert.Equal(11.0 / 2, a.Single(y => y.Year == 2009).ReturnPeriod);   // rank 2: T = 5.5 > 5
        Assert.Equal(11.0 / 3, a.Single(y => y.Year == 2008).ReturnPeriod);   // rank 3: T = 3.67 ≤ 5
        Assert.Equal([2009, 2010], a.Where(y => y.HeldOut).Select(y => y.Year));
    }

    [Fact]
    public void Tied_peaks_share_the_smaller_rank_and_the_next_year_skips_a_rank()
    {
        var b = AnnualMaximaSplit.Rank(Series(), Rule).Years("00000002");
        Assert.All(b.Where(y => y.Year is 2003 or 2007), y => Assert.Equal((1, 11.0, true), (y.Rank, y.ReturnPeriod, y.HeldOut)));
        var next = b.Single(y => y.Year == 2010);                               // peak 10, after the two tied 50s
        Assert.Equal((3, false), (next.Rank, next.HeldOut));
        Assert.Equal(2, b.Count(y => y.HeldOut));
    }

    [Fact]
    public void A_year_with_too_few_observations_is_not_ranked_and_n_shrinks()
    {
        var c = AnnualMaximaSplit.Rank(Series(), Rule).Years("00000003");
        Assert.Equal(9, c.Count);
        Assert.DoesNotContain(c, y => y.Year == 2004);
        Assert.Equal(10.0 / 2, c.Single(y => y.Year == 2009).ReturnPeriod);    // n = 9: rank 2 gives T = 5, not above 5
        Assert.Equal([2010], c.Where(y => y.HeldOut).Select(y => y.Year));
    }

    [Fact]
    public void Day_masks_are_disjoint_follow_water_years_and_leave_unranked_years_out()
    {
        var data = Series();
        var split = AnnualMaximaSplit.Rank(data, Rule);
        var train = split.DayMask(data, heldOut: false);
        var test = split.DayMask(data, heldOut: true);
        int B = 3;
        bool At(bool[] m, DateOnly d, int b) => m[(d.DayNumber - Start.DayNumber) * B + b];
        Assert.True(At(test, new DateOnly(2009, 10, 1), 0));                   // first day of WY2010 (held out for A)
        Assert.True(At(test, new DateOnly(2008, 10, 1), 0));                   // first day of WY2009 (rank 2, held out)
        Assert.False(At(test, new DateOnly(2008, 9, 30), 0));                  // the day before: WY2008, rank 3 …
        Assert.True(At(train, new DateOnly(2008, 9, 30), 0));                  // … trained on
        Assert.False(At(train, new DateOnly(2004, 1, 1), 2) || At(test, new DateOnly(2004, 1, 1), 2));   // C's unranked WY2004
        for (long i = 0; i < train.Length; i++) Assert.False(train[i] && test[i], $"day-basin {i} is in both masks");
        var masked = AnnualMaximaSplit.Masked(data, train);
        Assert.True(float.IsNaN(masked.Target[new DateOnly(2010, 1, 15).DayNumber - Start.DayNumber, 0]));   // the held-out peak is hidden
        Assert.Equal(8f, masked.Target[new DateOnly(2008, 1, 15).DayNumber - Start.DayNumber, 0]);
    }

    [Fact]
    public void Data_that_do_not_cover_the_water_years_are_refused_naming_both_ranges()
    {
        var short_ = Series().SelectPeriod(new DateOnly(2001, 1, 1), new DateOnly(2010, 9, 30));
        var e = Assert.Throws<DataException>(() => AnnualMaximaSplit.Rank(short_, Rule));
        Assert.Contains("2000-10-01..2010-09-30", e.Message);
        Assert.Contains("2001-01-01", e.Message);
    }

    [Theory]
    [InlineData(10, 2000, 9, 30, 2000)]
    [InlineData(10, 2000, 10, 1, 2001)]
    [InlineData(1, 2000, 12, 31, 2000)]
    public void Water_year_is_named_by_the_calendar_year_it_ends_in(int startMonth, int y, int m, int d, int expected) =>
        Assert.Equal(expected, (Rule with { WaterYearStartMonth = startMonth }).WaterYearOf(new DateOnly(y, m, d)));
}
