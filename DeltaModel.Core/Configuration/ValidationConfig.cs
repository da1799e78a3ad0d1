namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>validation</c>: data held out of training and scored every few epochs, to pick the best epoch (its
/// weights are the ones tested and simulated) and to stop early (<c>train.early_stopping</c>). Either a period
/// (all training basins, days that are not trained on), a basin subset (held out of training; scored over
/// <see cref="Period"/>, default <c>train.period</c>), or both.
/// </summary>
public sealed record ValidationConfig : IConfigSection
{
    /// <summary>Metrics that can select an epoch, each with whether a higher value is better.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Metrics = new Dictionary<string, bool>
    {
        ["nse"] = true, ["kge"] = true, ["kge_12"] = true, ["r2"] = true, ["corr"] = true,
        ["rmse"] = false, ["mae"] = false,
    };

    /// <summary>Statistics over the validation basins that can select an epoch.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["median", "mean", "p25", "p75"];

    /// <summary>Scored validation days; null = <c>train.period</c> (then a basin subset is required).</summary>
    public PeriodConfig? Period { get; init; }

    /// <summary>Basin ids held out of training for validation. Alternatives: <see cref="BasinFile"/>, <see cref="Fraction"/>.</summary>
    public IReadOnlyList<string> Basins { get; init; } = [];

    /// <summary>A file listing the held-out basin ids, one per line (relative to the experiment file).</summary>
    [ConfigPath]
    public string? BasinFile { get; init; }

    /// <summary>Share of the basins held out, drawn with <see cref="Seed"/>. Range: (0, 1), leaving at least one basin on each side.</summary>
    public double? Fraction { get; init; }

    /// <summary>Seed of the <see cref="Fraction"/> draw; null = the experiment's <c>seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>Score after every N-th epoch (make <c>train.epochs</c> a multiple of it so the last epoch is scored). Range: ≥ 1.</summary>
    public int Every { get; init; } = 1;

    /// <summary>Metric to select on (<see cref="Metrics"/>).</summary>
    public string Metric { get; init; } = "nse";

    /// <summary>Statistic of <see cref="Metric"/> over the validation basins (<see cref="Statistics"/>).</summary>
    public string Statistic { get; init; } = "median";

    /// <summary>Whether some basins are held out (rather than only a period).</summary>
    public bool HoldsOutBasins => Basins.Count > 0 || BasinFile is not null || Fraction is not null;

    /// <summary>Whether a higher <see cref="Metric"/> is better.</summary>
    public bool HigherIsBetter => Metrics.TryGetValue(Metric, out var higher) && higher;

    public void Validate(ConfigErrors errors, string path)
    {
        Period?.Validate(errors, $"{path}.period");
        int subsets = (Basins.Count > 0 ? 1 : 0) + (BasinFile is not null ? 1 : 0) + (Fraction is not null ? 1 : 0);
        if (subsets > 1) errors.Add(path, $"'{path}': give one of 'basins', 'basin_file' or 'fraction', not several.");
        if (Period is null && subsets == 0)
            errors.Add(path, $"'{path}': give a 'period' (days not trained on), held-out basins ('basins', 'basin_file' or 'fraction'), or both.");
        if (BasinFile is not null && !File.Exists(BasinFile)) errors.Add($"{path}.basin_file", $"'{path}.basin_file': file not found: {BasinFile}");
        if (Fraction is { } f && !(f > 0 && f < 1)) errors.Expected($"{path}.fraction", "a number in (0, 1)", f);
        if (Every < 1) errors.Expected($"{path}.every", "an integer ≥ 1", Every);
        if (!Metrics.ContainsKey(Metric)) errors.Expected($"{path}.metric", $"one of {string.Join(", ", Metrics.Keys)}", Metric);
        if (!Statistics.Contains(Statistic)) errors.Expected($"{path}.statistic", $"one of {string.Join(", ", Statistics)}", Statistic);
    }
}
