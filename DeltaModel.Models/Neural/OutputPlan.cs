namespace DeltaModel.Models.Neural;

/// <summary>
/// Which entries of a network's <c>[T, B, ny]</c> output its consumer reads, so a network can skip the rest: channels
/// read per day (<see cref="NetworkLayout.DynamicOutputs"/>) from <see cref="FirstDynamicDay"/> on, and every channel on
/// <see cref="AllChannelDays"/>. Why: a δHBV network writes 210 channels a day, of which the physics reads 32 per day
/// (the dynamic parameters) and the other 178 on one or two days (static and routing parameters, spec §3.4); the
/// output layer for all of them was ≈ 15–25 % of a training minibatch. Entries outside the plan are zero.
/// </summary>
/// <param name="FirstDynamicDay">First day whose per-day channels are read. Range: [0, T).</param>
/// <param name="AllChannelDays">Days on which every channel is read (each in [FirstDynamicDay, T)).</param>
public sealed record OutputPlan(long FirstDynamicDay, IReadOnlyList<long> AllChannelDays)
{
    /// <summary>The plan that reads every entry, whatever the layout.</summary>
    public static readonly OutputPlan Everything = new(0, []);

    /// <summary>Whether every entry is read: <see cref="Everything"/>, or no day skipped and no channel static.</summary>
    public bool ReadsEverything(IReadOnlyList<bool>? dynamicOutputs) =>
        ReferenceEquals(this, Everything) || (FirstDynamicDay == 0 && (dynamicOutputs is null || dynamicOutputs.All(d => d)));

    /// <exception cref="ArgumentException">A day outside <c>[FirstDynamicDay, days)</c>.</exception>
    public void Validate(long days)
    {
        if (FirstDynamicDay < 0 || FirstDynamicDay >= days)
            throw new ArgumentException($"output plan: first dynamic day {FirstDynamicDay} is outside the {days} days of the sequence.");
        foreach (var d in AllChannelDays)
            if (d < FirstDynamicDay || d >= days)
                throw new ArgumentException($"output plan: day {d} is outside [{FirstDynamicDay}, {days}).");
    }
}
