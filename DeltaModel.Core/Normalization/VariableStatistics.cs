using System.Text.Json.Serialization;

namespace DeltaModel.Core.Normalization;

/// <summary>
/// Statistics of one variable (after its transform, for <see cref="NormalizationKind.LogSqrt"/>), computed over all
/// basins × days of the training input with NaN removed: 10th/90th percentiles, mean and population std (floored).
/// </summary>
public sealed record VariableStatistics(
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] NormalizationKind Kind,
    double P10,
    double P90,
    double Mean,
    double Std)
{
    /// <summary>Floor of σ so constant inputs do not divide by zero (δMG: 0.001).</summary>
    public const double MinStd = 0.001;

    /// <summary>Normalizes one raw value; NaN stays NaN.</summary>
    public double Normalize(double x) => (Transform(Kind, x) - Mean) / Std;

    /// <summary>Inverts <see cref="Normalize"/>.</summary>
    public double Denormalize(double z)
    {
        double u = z * Std + Mean;
        if (Kind == NormalizationKind.ZScore) return u;
        double r = Math.Pow(10, u) - 0.1;
        return r * r;
    }

    /// <summary>The transform applied before z-scoring.</summary>
    public static double Transform(NormalizationKind kind, double x) =>
        kind == NormalizationKind.LogSqrt ? Math.Log10(Math.Sqrt(x) + 0.1) : x;

    /// <summary>Statistics of <paramref name="values"/> (NaN skipped) after <paramref name="kind"/>'s transform.</summary>
    /// <exception cref="ArgumentException">No valid value, or a negative value for <see cref="NormalizationKind.LogSqrt"/>.</exception>
    public static VariableStatistics Compute(string name, NormalizationKind kind, IEnumerable<double> values)
    {
        var data = new List<double>();
        int negatives = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            if (kind == NormalizationKind.LogSqrt && v < 0) { negatives++; continue; }
            data.Add(Transform(kind, v));
        }
        if (negatives > 0)
            throw new ArgumentException($"variable '{name}': {negatives} negative value(s) cannot take the log-sqrt transform; " +
                                        "remove it from model.nn.log_norm or fix the data.");
        if (data.Count == 0)
            throw new ArgumentException($"variable '{name}': no valid (non-missing) values in the training data.");

        data.Sort();
        double mean = data.Average();
        double variance = data.Sum(d => (d - mean) * (d - mean)) / data.Count;
        return new VariableStatistics(name, kind, Percentile(data, 10), Percentile(data, 90), mean,
            Math.Max(Math.Sqrt(variance), MinStd));
    }

    /// <summary>Linear-interpolation percentile of sorted data (NumPy's default).</summary>
    static double Percentile(List<double> sorted, double p)
    {
        double pos = p / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
