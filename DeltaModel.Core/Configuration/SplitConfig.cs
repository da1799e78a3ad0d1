namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>split</c>: which days of each basin are trained on and which are tested, by a rule instead of one
/// contiguous period. Rule <c>annual_maxima</c> (the unseen-extremes split): per basin, the maximum daily target of each
/// water year <see cref="FirstYear"/> … <see cref="LastYear"/> gets the Weibull return period T = (n + 1) / rank among
/// the basin's n ranked years; training sees the years with T ≤ <see cref="ReturnPeriod"/>, testing scores the years
/// with T &gt; <see cref="ReturnPeriod"/>. Days outside the ranked years are neither trained nor scored (they still feed
/// the warm-up). <c>train.period</c> and <c>test.period</c> must span the ranked water years.
/// </summary>
public sealed record SplitConfig : IConfigSection
{
    public static readonly IReadOnlyList<string> Rules = ["annual_maxima"];

    /// <summary>The rule (<see cref="Rules"/>).</summary>
    public string Rule { get; init; } = "annual_maxima";

    /// <summary>First ranked water year (named by the calendar year it ends in: WY1991 = 1990-10-01 … 1991-09-30).</summary>
    public required int FirstYear { get; init; }

    /// <summary>Last ranked water year.</summary>
    public required int LastYear { get; init; }

    /// <summary>Month a water year starts in (10 = October, the USGS water year; 1 = calendar years). Range: 1–12.</summary>
    public int WaterYearStartMonth { get; init; } = 10;

    /// <summary>Threshold T in years: train on T ≤ it, test on T &gt; it. Range: &gt; 1.</summary>
    public double ReturnPeriod { get; init; } = 5;

    /// <summary>A water year with fewer observed days is not ranked (neither trained nor tested). Range: 1–365.</summary>
    public int MinObservedDays { get; init; } = 300;

    /// <summary>Whether the years and month make dates (<see cref="Start"/>, <see cref="End"/>); checks against other sections need them.</summary>
    public bool HasDates => WaterYearStartMonth is >= 1 and <= 12 && FirstYear is >= 1 and <= 9998 && LastYear >= FirstYear && LastYear <= 9998;

    /// <summary>First day of the first ranked water year.</summary>
    public DateOnly Start => WaterYearStart(FirstYear);

    /// <summary>Last day of the last ranked water year.</summary>
    public DateOnly End => WaterYearStart(LastYear + 1).AddDays(-1);

    /// <summary>First day of water year <paramref name="year"/>.</summary>
    public DateOnly WaterYearStart(int year) => new(WaterYearStartMonth == 1 ? year : year - 1, WaterYearStartMonth, 1);

    /// <summary>The water year <paramref name="date"/> belongs to.</summary>
    public int WaterYearOf(DateOnly date) => WaterYearStartMonth > 1 && date.Month >= WaterYearStartMonth ? date.Year + 1 : date.Year;

    public void Validate(ConfigErrors errors, string path)
    {
        if (!Rules.Contains(Rule)) errors.Expected($"{path}.rule", $"one of {string.Join(", ", Rules)}", Rule);
        if (WaterYearStartMonth is < 1 or > 12) errors.Expected($"{path}.water_year_start_month", "a month 1–12", WaterYearStartMonth);
        if (FirstYear is < 1 or > 9998) errors.Expected($"{path}.first_year", "a year", FirstYear);
        else if (LastYear < FirstYear || LastYear > 9998) errors.Expected($"{path}.last_year", $"a year ≥ first_year ({FirstYear})", LastYear);
        if (!(ReturnPeriod > 1)) errors.Expected($"{path}.return_period", "a number of years > 1", ReturnPeriod);
        if (MinObservedDays is < 1 or > 365) errors.Expected($"{path}.min_observed_days", "an integer 1–365", MinObservedDays);
    }
}
