namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>assimilate</c>: variational data assimilation with a trained, frozen model (docs/assimilation.md). For
/// each of <see cref="Starts"/> forecast start days spread over the test period, the physics stores on the first day
/// of the <see cref="Window"/> before it (and, with <see cref="ForcingMultiplier"/>, a factor on one forcing) are
/// adjusted by Adam so that the simulation fits the window's observed target; the run then continues from the
/// assimilated state as a forecast of <see cref="Lead"/> days, scored against the open-loop simulation.
/// </summary>
public sealed record AssimilateConfig : IConfigSection
{
    /// <summary>Days of observations before each forecast start that the stores are fitted to. Range: 2–365.</summary>
    public int Window { get; init; } = 30;

    /// <summary>Adam steps per forecast start. Range: 0–10000 (0 forecasts from the open-loop state, a check).</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>Adam's learning rate on the log of each store (so a step changes a store by about this fraction). Range: &gt; 0.</summary>
    [ConfigKey("lr", "learning_rate")]
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Days scored after each forecast start (the forecast's lead). Range: 1–365.</summary>
    public int Lead { get; init; } = 30;

    /// <summary>Forecast start days, spread evenly over the test period after the first window. Range: 1–1000.</summary>
    public int Starts { get; init; } = 12;

    /// <summary>
    /// A physics forcing (e.g. <c>prcp</c>) multiplied by a per-basin factor that is fitted with the stores over the
    /// window and kept for the forecast; null = stores only.
    /// </summary>
    public string? ForcingMultiplier { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (Window is < 2 or > 365) errors.Expected($"{path}.window", "an integer from 2 to 365 (days)", Window);
        if (Iterations is < 0 or > 10000) errors.Expected($"{path}.iterations", "an integer from 0 to 10000 (0: forecast from the open-loop state)", Iterations);
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) errors.Expected($"{path}.lr", "a number > 0", LearningRate);
        if (Lead is < 1 or > 365) errors.Expected($"{path}.lead", "an integer from 1 to 365 (days)", Lead);
        if (Starts is < 1 or > 1000) errors.Expected($"{path}.starts", "an integer from 1 to 1000", Starts);
        if (ForcingMultiplier is { Length: 0 }) errors.Expected($"{path}.forcing_multiplier", "a physics forcing name such as prcp, or no key", "an empty name");
    }
}
