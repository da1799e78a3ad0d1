using System.Globalization;

namespace DeltaModel.Core.Data;

/// <summary>
/// An inclusive range of days, written <c>1995-10-01..2005-09-30</c> on command lines and in summaries. Both ends are
/// inclusive because hydrologic periods are stated that way (water years 1 Oct – 30 Sep), which avoids the
/// off-by-one the Python original has between its loader and sampler (spec §10, item 18).
/// </summary>
public readonly record struct DatePeriod
{
    /// <param name="start">First day (inclusive).</param>
    /// <param name="end">Last day (inclusive); not before <paramref name="start"/>.</param>
    public DatePeriod(DateOnly start, DateOnly end)
    {
        if (end < start)
            throw new DataException($"period {start:yyyy-MM-dd}..{end:yyyy-MM-dd} ends before it starts.");
        Start = start;
        End = end;
    }

    /// <summary>First day (inclusive).</summary>
    public DateOnly Start { get; }

    /// <summary>Last day (inclusive).</summary>
    public DateOnly End { get; }

    /// <summary>Number of days, both ends counted.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>True when every day of <paramref name="other"/> is in this period.</summary>
    public bool Contains(DatePeriod other) => other.Start >= Start && other.End <= End;

    /// <summary>The days both periods share, or null when they do not overlap.</summary>
    public DatePeriod? Intersect(DatePeriod other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end < start ? null : new DatePeriod(start, end);
    }

    /// <summary>
    /// Parses <c>START..END</c> with dates as <c>yyyy-MM-dd</c> (or <c>yyyy/MM/dd</c>, the Python configs' form).
    /// Throws <see cref="DataException"/> saying what was expected.
    /// </summary>
    public static DatePeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int sep = text.IndexOf("..", StringComparison.Ordinal);
        if (sep < 0)
            throw new DataException($"period '{text}' is not START..END (expected e.g. 1995-10-01..2005-09-30).");
        var start = ParseDate(text, text.AsSpan(0, sep).Trim());
        var end = ParseDate(text, text.AsSpan(sep + 2).Trim());
        if (end < start)
            throw new DataException($"period '{text}' ends before it starts.");
        return new DatePeriod(start, end);
    }

    static readonly string[] dateFormats = ["yyyy-MM-dd", "yyyy/MM/dd"];

    static DateOnly ParseDate(string whole, ReadOnlySpan<char> part) =>
        DateOnly.TryParseExact(part, dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new DataException($"period '{whole}': '{part}' is not a date as yyyy-MM-dd (expected e.g. 1995-10-01..2005-09-30).");

    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
