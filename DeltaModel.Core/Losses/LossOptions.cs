using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Losses;

/// <summary>Which loss to train with and its constants (config section <c>train.loss</c>; defaults from spec §4).</summary>
public sealed record LossOptions
{
    /// <summary>Registry key, see <see cref="LossRegistry.Names"/>. δHBV 1.0 uses <c>rmse_comb</c>, δHBV 1.1p and the LSTM <c>nse_batch</c>.</summary>
    public string Name { get; init; } = "rmse_comb";

    /// <summary>Weight α of the log-transformed term of <c>rmse_comb</c>. Range: [0, 1]. δMG: 0.25.</summary>
    public double Alpha { get; init; } = 0.25;

    /// <summary>Offset β inside the square roots of <c>rmse_comb</c> and <c>nse_sqrt_batch</c> [target unit]. Range: ≥ 0. δMG: 1e-6.</summary>
    public double Beta { get; init; } = 1e-6;

    /// <summary>Stabilizer ε added to σ_b (NSE-batch) and to the KGE denominators [target unit]. Range: &gt; 0. δMG: 0.1.</summary>
    public double Eps { get; init; } = 0.1;

    /// <summary>Options from the config section; unset constants take the defaults above.</summary>
    public static LossOptions FromConfig(LossConfig config)
    {
        var d = new LossOptions();
        return new LossOptions
        {
            Name = config.Name,
            Alpha = config.Alpha ?? d.Alpha,
            Beta = config.Beta ?? d.Beta,
            Eps = config.Eps ?? d.Eps,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending option and what was expected.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Alpha) || Alpha is < 0 or > 1)
            throw new ArgumentException($"loss option 'alpha': expected a number in [0, 1], got {Alpha}.", nameof(Alpha));
        if (!double.IsFinite(Beta) || Beta < 0)
            throw new ArgumentException($"loss option 'beta': expected a number ≥ 0, got {Beta}.", nameof(Beta));
        if (!double.IsFinite(Eps) || Eps <= 0)
            throw new ArgumentException($"loss option 'eps': expected a number > 0, got {Eps}.", nameof(Eps));
    }
}
