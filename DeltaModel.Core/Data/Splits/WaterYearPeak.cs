namespace DeltaModel.Core.Data.Splits;

/// <summary>One ranked water year of one basin: its largest observed daily value and where it stands among the basin's years.</summary>
/// <param name="Year">The water year (named by the calendar year it ends in).</param>
/// <param name="Peak">Largest observed daily target of the year.</param>
/// <param name="Date">Day of <paramref name="Peak"/> (the first, when it repeats).</param>
/// <param name="Rank">1 = the largest peak of the basin; tied peaks share the smallest rank.</param>
/// <param name="ReturnPeriod">Weibull plotting position (n + 1) / rank, in years.</param>
/// <param name="HeldOut">Whether the year is above the return-period threshold (tested, never trained on).</param>
public sealed record WaterYearPeak(int Year, double Peak, DateOnly Date, int Rank, double ReturnPeriod, bool HeldOut);
