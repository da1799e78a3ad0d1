using System.Text.Json;
using DeltaModel.Core.Data;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Core.Normalization;

/// <summary>
/// The normalization of a network's inputs: statistics per dynamic input (over basins × days) and per static input
/// (over basins), computed on the training period only and saved next to the model. A later run that asks for other
/// variables is refused with a clear error instead of silently reusing stale statistics (fixes spec §10.5).
/// </summary>
public sealed record NormalizationStatistics(IReadOnlyList<VariableStatistics> Forcings, IReadOnlyList<VariableStatistics> Attributes)
{
    public const string FileName = "normalization.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Computes statistics from the training input (warm-up days included, as they are fed to the network).</summary>
    public static NormalizationStatistics Compute(HydroDataset trainingInput, IReadOnlyList<string> forcings,
        IReadOnlyCollection<string> logNorm, IReadOnlyList<string> attributes)
    {
        var f = forcings.Select(name =>
        {
            var kind = logNorm.Contains(name) ? NormalizationKind.LogSqrt : NormalizationKind.ZScore;
            return VariableStatistics.Compute(name, kind, trainingInput.Variable(name).Values.Select(v => (double)v));
        }).ToList();
        var a = attributes.Select(name =>
            VariableStatistics.Compute(name, NormalizationKind.ZScore, trainingInput.Attribute(name).ObservedValues())).ToList();
        return new NormalizationStatistics(f, a);
    }

    /// <summary>Throws <see cref="DataException"/> unless these statistics cover exactly the requested inputs, in order.</summary>
    public void EnsureMatches(string source, IReadOnlyList<string> forcings, IReadOnlyCollection<string> logNorm, IReadOnlyList<string> attributes)
    {
        var wantF = forcings.Select(n => $"{n}:{(logNorm.Contains(n) ? NormalizationKind.LogSqrt : NormalizationKind.ZScore)}");
        var haveF = Forcings.Select(s => $"{s.Name}:{s.Kind}");
        if (!wantF.SequenceEqual(haveF) || !attributes.SequenceEqual(Attributes.Select(s => s.Name)))
            throw new DataException(source, null,
                $"normalization statistics were computed for forcings [{string.Join(", ", haveF)}] and attributes " +
                $"[{string.Join(", ", Attributes.Select(s => s.Name))}], but this run asks for forcings [{string.Join(", ", wantF)}] " +
                $"and attributes [{string.Join(", ", attributes)}]. Train a new model (or use a new output folder) for other inputs.");
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static NormalizationStatistics Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<NormalizationStatistics>(File.ReadAllText(path), Json)
                   ?? throw new DataException(path, null, "empty normalization file.");
        }
        catch (JsonException e)
        {
            throw new DataException(path, (int?)(e.LineNumber + 1), $"not a valid normalization file: {e.Message}");
        }
    }
}
