using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaModel.Core.Outputs.Results;

/// <summary>
/// The runner's <c>results.json</c>: what ran, how long it took, the aggregated skill and the published results it was
/// compared with. Written last and atomically by <c>deltamodel run</c>, so its presence marks a finished run; read by
/// the report, the cmdlets and Experiments.proj. One record for writer and readers, so the schema cannot drift
/// (docs/outputs.md): snake_case names, JSON null for a missing number, <see cref="Finished"/> as UTC to the second.
/// </summary>
public sealed record RunResults
{
    public string Experiment { get; init; } = "";
    public string Mode { get; init; } = "";
    public string? ConfigHash { get; init; }
    public long? Seed { get; init; }
    public string? Device { get; init; }
    public string? GitCommit { get; init; }
    public DateTimeOffset? Finished { get; init; }
    /// <summary>Wall time of the whole run [s].</summary>
    public double? Seconds { get; init; }
    /// <summary>How networks and physics are coupled (docs/coupling.md): <c>network only</c>, <c>parameter learning</c>,
    /// <c>parameter learning + residual post-processor</c>; null in files written before it was recorded.</summary>
    public string? Coupling { get; init; }
    public TrainingSummary? Training { get; init; }
    public EvaluationSummary? Evaluation { get; init; }
    public IReadOnlyList<ExpectedResult> Expected { get; init; } = [];

    /// <summary>How the evaluation combines members: <see cref="EnsembleMean"/> or <see cref="PooledFolds"/>; absent for a single run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Combination { get; init; }

    /// <summary>The <see cref="Combination"/> of an ensemble: the members' mean is scored.</summary>
    public const string EnsembleMean = "ensemble_mean";
    /// <summary>The <see cref="Combination"/> of spatial folds: each fold's held-out basins, pooled.</summary>
    public const string PooledFolds = "pooled_folds";

    /// <summary>The ensemble members or folds, each with its own training and test summary; absent for a single run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MemberResults>? Members { get; init; }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new UtcSecondsConverter() },
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Writes the record atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a <c>results.json</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not the runner's results format (names the file and why).</exception>
    public static RunResults Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: results file not found (the run has not finished).", path);
        try
        {
            return JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: expected a JSON object, found null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid results.json ({e.Message}); expected the object written by 'deltamodel run'.", e);
        }
    }

    /// <summary><c>2026-01-31T12:00:00Z</c>: the form results.json has always had (readers accept any ISO 8601 time).</summary>
    sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
    }
}
