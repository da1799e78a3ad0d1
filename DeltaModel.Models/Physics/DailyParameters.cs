using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// A model's parameters split for the daily loop: static ones (stride-0 time axis, or T = 1) are read once as
/// <c>[B, C]</c>; dynamic ones are split into days once with <c>unbind</c> (its backward is one stack, where per-step
/// <c>select</c>s would each scatter into a full-size zero gradient).
/// </summary>
public sealed class DailyParameters
{
    readonly Tensor?[] constant;
    readonly Tensor[]?[] daily;

    /// <param name="values">Parameters in channel order, each <c>[T, B, C]</c> in the run's dtype.</param>
    internal DailyParameters(IReadOnlyList<Tensor> values)
    {
        constant = new Tensor?[values.Count];
        daily = new Tensor[]?[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            var p = values[i];
            if (p.stride(0) == 0 || p.shape[0] == 1) constant[i] = p[0];                         // [B, C]
            else daily[i] = p.unbind(0);                                                         // T × [B, C]
        }
    }

    /// <summary>Number of parameters.</summary>
    public int Count => constant.Length;

    /// <summary>Whether every parameter is the same every day of this run.</summary>
    public bool AllStatic => daily.All(d => d is null);

    /// <summary>Parameter <paramref name="i"/> (channel order) on day <paramref name="t"/>, <c>[B, C]</c>.</summary>
    public Tensor At(int i, long t) => constant[i] ?? daily[i]![t];

    /// <summary>Every parameter on day <paramref name="t"/>, in channel order, each <c>[B, C]</c>.</summary>
    public Tensor[] Day(long t) => [.. Enumerable.Range(0, Count).Select(i => At(i, t))];

    /// <summary>Whether parameter <paramref name="i"/> is the same every day of this run.</summary>
    public bool IsStatic(int i) => constant[i] is not null;

    /// <summary>All values of parameter <paramref name="i"/> (for range checks): <c>[B, C]</c> or T × <c>[B, C]</c>.</summary>
    public IEnumerable<Tensor> All(int i) => constant[i] is { } c ? [c] : daily[i]!;
}
