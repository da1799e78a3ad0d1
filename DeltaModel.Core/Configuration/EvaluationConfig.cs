namespace DeltaModel.Core.Configuration;

/// <summary>Sections <c>test</c> and <c>simulate</c>: a period run forward over basin chunks.</summary>
public sealed record EvaluationConfig : IConfigSection
{
    /// <summary>Scored days.</summary>
    public PeriodConfig? Period { get; init; }

    /// <summary>Basins per forward chunk. Range: ≥ 1. δMG: 25.</summary>
    public int BatchSize { get; init; } = 25;

    /// <summary>Checkpoint epoch to evaluate; null = the last one trained.</summary>
    public int? Epoch { get; init; }

    /// <summary>
    /// Float type the network runs in during this forward pass: <c>float32</c> (default; the trained weights as they
    /// are) or <c>bfloat16</c> (a bfloat16 copy of the weights; about 1.7× faster LSTM on CPUs with AVX512-BF16 or AMX,
    /// and on GPUs; the parameters it writes differ from float32 by bfloat16 rounding, ≈ 0.4 % relative, and the physics
    /// still runs in float32). Training has its own setting, <see cref="TrainConfig.NetworkPrecision"/>.
    /// </summary>
    public string NetworkPrecision { get; init; } = "float32";

    /// <summary>
    /// Twin experiments: learned physics parameter → the attribute holding its true value at each basin or site (e.g.
    /// <c>{Vcmax25: vcmax25_true}</c>). A scored evaluation then compares each basin's learned value (its
    /// <c>param_&lt;name&gt;</c> scalar) with the truth — R², bias, RMSE, in <c>parameter_recovery.csv</c> and
    /// <c>results.json</c> (docs/photosynthesis.md). The attributes are loaded for this only, never fed to the network.
    /// </summary>
    public IReadOnlyDictionary<string, string> TrueParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A state file (<c>.dmstate</c>, relative to the experiment file; docs/outputs.md, "State files") to start the run
    /// from instead of a warm-up: the end state of an earlier run whose last day is the day before <see cref="Period"/>
    /// starts, for the same physics model and nmul, holding every basin of this run. No warm-up days are read. Only
    /// models that can continue (a static head, <c>lstm_mlp</c>, or every parameter dynamic; docs/stepping.md) and a
    /// float32 network. Null = warm-up as usual.
    /// </summary>
    [ConfigPath, ConfigOmitWhenNull]
    public string? InitialState { get; init; }

    /// <summary>The accepted values of <see cref="NetworkPrecision"/> and of <see cref="TrainConfig.NetworkPrecision"/>.</summary>
    public static readonly IReadOnlyList<string> NetworkPrecisions = ["float32", "bfloat16"];

    /// <summary>Records a problem when <paramref name="value"/> is not one of <see cref="NetworkPrecisions"/>.</summary>
    internal static void ValidatePrecision(ConfigErrors errors, string keyPath, string value)
    {
        if (!NetworkPrecisions.Contains(value)) errors.Expected(keyPath, string.Join(" or ", NetworkPrecisions), value);
    }

    public void Validate(ConfigErrors errors, string path)
    {
        Period?.Validate(errors, $"{path}.period");
        if (BatchSize < 1) errors.Expected($"{path}.batch_size", "an integer ≥ 1", BatchSize);
        if (Epoch is < 1) errors.Expected($"{path}.epoch", "an integer ≥ 1", Epoch);
        ValidatePrecision(errors, $"{path}.network_precision", NetworkPrecision);
        foreach (var (parameter, attribute) in TrueParameters)
            if (string.IsNullOrWhiteSpace(attribute)) errors.Expected($"{path}.true_parameters.{parameter}", "the name of an attribute", attribute);
        if (InitialState is { } state)
        {
            if (!File.Exists(state)) errors.Add($"{path}.initial_state", $"state file '{state}' does not exist (a run's end state, e.g. out/simulate/end_state.dmstate).");
            if (NetworkPrecision != "float32")
                errors.Add($"{path}.initial_state", $"a run from a state needs {path}.network_precision float32 (the network's state is carried in float32), not '{NetworkPrecision}'.");
        }
    }
}
