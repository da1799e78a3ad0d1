namespace DeltaModel.Core.Configuration;

/// <summary>An inclusive date range of scored days (warm-up input is taken before <see cref="Start"/>).</summary>
public sealed record PeriodConfig : IConfigSection
{
    /// <summary>First scored day.</summary>
    [ConfigKey("start", "start_time")]
    public required DateOnly Start { get; init; }

    /// <summary>Last scored day (inclusive).</summary>
    [ConfigKey("end", "end_time")]
    public required DateOnly End { get; init; }

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public void Validate(ConfigErrors errors, string path)
    {
        if (End < Start) errors.Add(path, $"'{path}': end {End:yyyy-MM-dd} is before start {Start:yyyy-MM-dd}.");
    }

    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
