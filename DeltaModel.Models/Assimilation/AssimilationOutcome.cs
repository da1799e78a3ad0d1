namespace DeltaModel.Models.Assimilation;

/// <summary>One forecast start of <see cref="VariationalAssimilation.Assimilate"/>.</summary>
/// <param name="Start">Scored day of the forecast's first day.</param>
/// <param name="WindowLossBefore">Mean over basins of the window's mean squared error from the open-loop state [(target unit)²].</param>
/// <param name="WindowLossAfter">The same from the assimilated state (and forcing factor).</param>
/// <param name="Forecast">The target forecast from the assimilated state, <c>float[Lead, B]</c> time-major.</param>
/// <param name="OpenLoop">The open-loop simulation over the same days, <c>float[Lead, B]</c>.</param>
/// <param name="Lead">Days forecast (the configured lead, or fewer at the end of the period).</param>
/// <param name="ForcingFactor">The fitted forcing factor per basin (1 without a forcing multiplier).</param>
public sealed record AssimilationOutcome(long Start, double WindowLossBefore, double WindowLossAfter, float[] Forecast, float[] OpenLoop,
    int Lead, float[] ForcingFactor);
