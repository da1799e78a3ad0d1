namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>train.loss</c>: which loss to train with (from <see cref="Losses.LossRegistry"/>) and its constants,
/// defaults from spec §4. The loss registry builds losses from this record directly.
/// </summary>
public sealed record LossConfig : IConfigSection
{
    /// <summary>Registry key, e.g. <c>rmse_comb</c>, <c>nse_batch</c>, <c>kge_batch</c>, <c>mse</c>. δHBV 1.0 uses
    /// <c>rmse_comb</c>, δHBV 1.1p and the LSTM <c>nse_batch</c>.</summary>
    public string Name { get; init; } = "rmse_comb";

    /// <summary>Weight α of the log-transformed term of <c>rmse_comb</c>. Range: [0, 1]. δMG: 0.25.</summary>
    public double Alpha { get; init; } = 0.25;

    /// <summary>Offset β inside the square roots of <c>rmse_comb</c> and <c>nse_sqrt_batch</c> [target unit]. Range: ≥ 0. δMG: 1e-6.</summary>
    public double Beta { get; init; } = 1e-6;

    /// <summary>Stabilizer ε added to σ_b (NSE-batch) and to the KGE denominators [target unit]. Range: &gt; 0. δMG: 0.1.</summary>
    public double Eps { get; init; } = 0.1;

    public void Validate(ConfigErrors errors, string path)
    {
        if (!Losses.LossRegistry.Contains(Name ?? ""))
            errors.Add($"{path}.name", Losses.LossRegistry.UnknownNameMessage(Name ?? ""));
        if (!double.IsFinite(Alpha) || Alpha is < 0 or > 1) errors.Expected($"{path}.alpha", "a number in [0, 1]", Alpha);
        if (!double.IsFinite(Beta) || Beta < 0) errors.Expected($"{path}.beta", "a number ≥ 0", Beta);
        if (!double.IsFinite(Eps) || Eps <= 0) errors.Expected($"{path}.eps", "a number > 0", Eps);
    }
}
