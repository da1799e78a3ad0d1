using DeltaModel.Core.Configuration;

namespace DeltaModel.Application;

/// <summary>
/// What a front end changes in a config for one run: key settings by dotted path (<c>--set model.nn.hidden_size=128</c>)
/// and typed choices (<c>--epochs</c>, cmdlet parameters). Null leaves the config's value. Precedence, lowest first:
/// the documented defaults, the experiment file, <see cref="Settings"/>, then the typed choices — the same for the
/// CLI and the cmdlets, because both resolve through <see cref="RunPlan"/>.
/// </summary>
public sealed record RunOverrides
{
    /// <summary>Key overrides applied while the file is bound, so their errors name the key (sweeps, <c>--set</c>).</summary>
    public IReadOnlyList<(string Path, string Value)> Settings { get; init; } = [];

    /// <summary>train, test, train_test or simulate.</summary>
    public string? Mode { get; init; }

    /// <summary>cpu, cuda or cuda:N.</summary>
    public string? Device { get; init; }

    /// <summary>Output folder (absolute: the front end resolves it against its own current folder).</summary>
    public string? OutputDir { get; init; }

    public int? Seed { get; init; }
    public int? Epochs { get; init; }
    public int? IterationsPerEpoch { get; init; }
    public int? BatchSize { get; init; }

    /// <summary>Training loss by registry name.</summary>
    public string? Loss { get; init; }

    /// <summary>train.network_precision: float32 or bfloat16.</summary>
    public string? NetworkPrecision { get; init; }

    /// <summary>The scored training days.</summary>
    public PeriodConfig? TrainPeriod { get; init; }

    /// <summary>Basin ids to use instead of the data section's (and its basin file).</summary>
    public IReadOnlyList<string>? Basins { get; init; }

    /// <summary>The typed choices over <paramref name="c"/> (settings are applied earlier, at binding).</summary>
    public ExperimentConfig Apply(ExperimentConfig c) => c with
    {
        Mode = Mode ?? c.Mode,
        Device = Device ?? c.Device,
        OutputDir = OutputDir ?? c.OutputDir,
        Seed = Seed ?? c.Seed,
        Data = Basins is null ? c.Data : c.Data with { Basins = Basins, BasinFile = null },
        Train = c.Train with
        {
            Period = TrainPeriod ?? c.Train.Period,
            Epochs = Epochs ?? c.Train.Epochs,
            IterationsPerEpoch = IterationsPerEpoch ?? c.Train.IterationsPerEpoch,
            BatchSize = BatchSize ?? c.Train.BatchSize,
            Loss = Loss is null ? c.Train.Loss : c.Train.Loss with { Name = Loss },
            NetworkPrecision = NetworkPrecision ?? c.Train.NetworkPrecision,
        },
    };

    /// <summary>One <c>key.path=value</c> setting as the CLI's <c>--set</c> takes it.</summary>
    /// <exception cref="ArgumentException">No '=' or no key.</exception>
    public static (string Path, string Value) ParseSetting(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--set '{text}': expected key.path=value, e.g. --set train.epochs=5.");
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
