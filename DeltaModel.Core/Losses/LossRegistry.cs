using DeltaModel.Core.Configuration;

namespace DeltaModel.Core.Losses;

/// <summary>
/// Config name → loss. One line per loss (style §3); errors, completers and tests enumerate <see cref="Names"/>.
/// Plug-ins add theirs with <see cref="Register"/>.
/// δMG's <c>RangeBoundLoss</c> is not here: it penalizes ensemble weights, not predictions, and belongs with the
/// ensemble model that owns those weights.
/// </summary>
public static class LossRegistry
{
    static readonly Lock registering = new();

    // Replaced, never changed, by Register: readers need no lock.
    static Dictionary<string, Func<LossConfig, ILoss>> losses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mse"] = _ => new MseLoss(),
        ["rmse"] = _ => new RmseLoss(),
        ["rmse_comb"] = o => new RmseCombLoss(o.Alpha, o.Beta),
        ["nse_batch"] = o => new NseBatchLoss(o.Eps),
        ["nse_sqrt_batch"] = o => new NseSqrtBatchLoss(o.Eps, o.Beta),
        ["kge_batch"] = o => new KgeBatchLoss(o.Eps),
        ["kge_norm_batch"] = o => new KgeNormBatchLoss(o.Eps),
    };

    // δMG class names people will type from its configs; pointed at our keys in the error.
    static readonly Dictionary<string, string> dmgClassNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MSELoss"] = "mse", ["RmseLoss"] = "rmse", ["RmseCombLoss"] = "rmse_comb", ["RmseLossComb"] = "rmse_comb",
        ["NseBatchLoss"] = "nse_batch", ["NseSqrtBatchLoss"] = "nse_sqrt_batch", ["KgeBatchLoss"] = "kge_batch",
        ["KgeNormBatchLoss"] = "kge_norm_batch",
    };

    /// <summary>Every registered loss name, sorted.</summary>
    public static IReadOnlyList<string> Names => losses.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Adds a loss under <paramref name="name"/> (a plug-in's, docs/plugins.md). It reads its constants from the
    /// <c>train.loss</c> section it is given.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public static void Register(string name, Func<LossConfig, ILoss> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (registering)
        {
            if (losses.ContainsKey(name)) throw new ArgumentException($"a loss named '{name}' is already registered.", nameof(name));
            losses = new Dictionary<string, Func<LossConfig, ILoss>>(losses, StringComparer.OrdinalIgnoreCase) { [name] = create };
        }
    }

    /// <summary>Whether <paramref name="name"/> is a registered loss (case-insensitive).</summary>
    public static bool Contains(string name) => losses.ContainsKey(name);

    /// <summary>Builds the loss <paramref name="config"/> names, checked by the section's own rules (a loaded config
    /// has passed them already; this catches one built in code).</summary>
    /// <exception cref="ArgumentException">Unknown name (with a suggestion) or an out-of-range constant.</exception>
    public static ILoss Create(LossConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ConfigErrors("loss");
        config.Validate(errors, "train.loss");
        if (errors.Any) throw new ArgumentException(string.Join(Environment.NewLine, errors.Problems), nameof(config));
        return losses[config.Name](config);
    }

    /// <summary>"unknown loss 'x' (did you mean 'y'?); expected one of …".</summary>
    public static string UnknownNameMessage(string name)
    {
        string hint = dmgClassNames.TryGetValue(name, out var key)
            ? $" ('{name}' is δMG's class name; the config key is '{key}')"
            : Configuration.Names.DidYouMean(name, Names);
        return $"unknown loss '{name}'{hint}; expected one of {string.Join(", ", Names)}.";
    }
}
