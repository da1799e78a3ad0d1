using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Metrics;

/// <summary>
/// All test-time metrics of one basin (spec §5), in the stable order of <see cref="Names"/>. A metric that cannot be
/// computed (too few observed days, constant observations, an empty flow-duration segment, …) is NaN and has a reason
/// in <see cref="MissingReasons"/>: a NaN here is never silent.
/// </summary>
public sealed class BasinMetrics
{
    /// <summary>
    /// Metric names in output order. δMG's names keep δMG's definitions (so tables compare; spec §10 item 25):
    /// <c>bias</c> is a mean absolute <em>relative</em> error, <c>flv</c>/<c>fhv</c> are percent biases of flow-duration
    /// segments. The standard Yilmaz et al. (2008) signatures are added as <c>flv_yilmaz</c>, <c>fhv_yilmaz</c>,
    /// <c>fms_yilmaz</c>; KGE's components as <c>kge_r</c>, <c>kge_alpha</c>, <c>kge_beta</c>.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "nse", "r2", "kge", "kge_r", "kge_alpha", "kge_beta", "kge_12", "corr", "corr_spearman",
        "rmse", "rmse_ub", "mae", "bias", "bias_rel",
        "pbias", "pbias_abs", "pbias_mid", "pbias_mid_abs", "flv", "flv_abs", "fhv", "fhv_abs",
        "rmse_low", "rmse_mid", "rmse_high", "rmse_fdc", "d_max", "d_max_rel",
        "flv_yilmaz", "fhv_yilmaz", "fms_yilmaz",
    ];

    static readonly Dictionary<string, int> index =
        Names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.OrdinalIgnoreCase);

    readonly double[] values;
    readonly Dictionary<string, string> missing;

    internal BasinMetrics(double[] values, int observedDays, Dictionary<string, string> missing)
    {
        this.values = values;
        this.missing = missing;
        ObservedDays = observedDays;
    }

    /// <summary>N: days with both a prediction and an observation, over which the metrics are computed.</summary>
    public int ObservedDays { get; }

    /// <summary>Metric name → why it is NaN. Empty when every metric is defined.</summary>
    public IReadOnlyDictionary<string, string> MissingReasons => missing;

    /// <summary>A copy of the values in <see cref="Names"/> order; NaN where missing.</summary>
    public double[] Values() => (double[])values.Clone();

    /// <summary>The value of one metric (case-insensitive name); NaN when missing, see <see cref="MissingReason"/>.</summary>
    /// <exception cref="ArgumentException">Unknown metric name (with a suggestion).</exception>
    public double Get(string name) => values[IndexOf(name)];

    /// <summary>Why <paramref name="name"/> is missing, or null when it has a value.</summary>
    public string? MissingReason(string name) => missing.TryGetValue(Names[IndexOf(name)], out var r) ? r : null;

    /// <summary>Position of <paramref name="name"/> in <see cref="Names"/>.</summary>
    public static int IndexOf(string name) =>
        index.TryGetValue(name ?? "", out int i)
            ? i
            : throw new ArgumentException(
                $"unknown metric '{name}'{Configuration.Names.DidYouMean(name ?? "", Names)}; expected one of {string.Join(", ", Names)}.",
                nameof(name));
}
