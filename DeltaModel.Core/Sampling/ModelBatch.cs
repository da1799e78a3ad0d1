using static TorchSharp.torch;

namespace DeltaModel.Core.Sampling;

/// <summary>
/// Tensors for one forward pass over <c>b</c> basins and <c>T</c> days (warm-up included), time-major.
/// Disposing it frees all tensors.
/// </summary>
public sealed class ModelBatch : IDisposable
{
    /// <summary>Normalized dynamic network inputs <c>[T, b, nf]</c> (NaN replaced by 0, the mean).</summary>
    public required Tensor NetworkForcings { get; init; }

    /// <summary>Normalized static network inputs <c>[b, na]</c> (NaN replaced by 0).</summary>
    public required Tensor NetworkAttributes { get; init; }

    /// <summary>Raw physics forcings <c>[T, b, fp]</c>.</summary>
    public required Tensor PhysicsForcings { get; init; }

    /// <summary>Raw physics attributes <c>[b, pa]</c>.</summary>
    public required Tensor PhysicsAttributes { get; init; }

    /// <summary>Observed target <c>[T, b]</c> (NaN where missing).</summary>
    public required Tensor Target { get; init; }

    /// <summary>Observed further targets <c>[T, b]</c> each, in <see cref="InputSpec.OtherTargets"/> order (NaN where missing).</summary>
    public IReadOnlyList<Tensor> OtherTargets { get; init; } = [];

    /// <summary>Indices of the basins in the prepared data (for per-basin constants such as σ_b).</summary>
    public required int[] Basins { get; init; }

    /// <summary>Index of the first day of each basin's window in the prepared data.</summary>
    public required int[] Starts { get; init; }

    public long Days => NetworkForcings.shape[0];

    public void Dispose()
    {
        NetworkForcings.Dispose();
        NetworkAttributes.Dispose();
        PhysicsForcings.Dispose();
        PhysicsAttributes.Dispose();
        Target.Dispose();
        foreach (var t in OtherTargets) t.Dispose();
    }
}
