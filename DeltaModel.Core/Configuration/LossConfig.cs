namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>train.loss</c>: the loss name from the loss registry and its constants.</summary>
public sealed record LossConfig : IConfigSection
{
    /// <summary>e.g. <c>rmse_comb</c>, <c>nse_batch</c>, <c>kge_batch</c>, <c>mse</c>.</summary>
    public string Name { get; init; } = "rmse_comb";

    /// <summary>Weight of the transformed-flow term (RmseComb). null = the loss's default.</summary>
    public double? Alpha { get; init; }

    /// <summary>Small offset inside square roots. null = the loss's default.</summary>
    public double? Beta { get; init; }

    /// <summary>Stabilizer ε in denominators. null = the loss's default.</summary>
    public double? Eps { get; init; }

    public void Validate(ConfigErrors errors, string path)
    {
        if (!Losses.LossRegistry.Contains(Name))
            errors.Add($"{path}.name", Losses.LossRegistry.UnknownNameMessage(Name));
        if (Alpha is < 0 or > 1) errors.Expected($"{path}.alpha", "a number in [0, 1]", Alpha);
        if (Beta is < 0) errors.Expected($"{path}.beta", "a number ≥ 0", Beta);
        if (Eps is <= 0) errors.Expected($"{path}.eps", "a number > 0", Eps);
    }
}
