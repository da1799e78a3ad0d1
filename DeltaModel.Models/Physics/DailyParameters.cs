using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// A model's parameters split for the daily loop: static ones (stride-0 time axis, or T = 1) are read once as
/// <c>[B, C]</c>; dynamic ones are split into days once with <c>unbind</c> (its backward is one stack, where per-step
/// <c>select</c>s would each scatter into a full-size zero gradient).
/// </summary>
internal sealed class DailyParameters
{
    readonly Tensor?[] constant;
    readonly Tensor[]?[] daily;

    /// <param name="name">Model name for messages.</param>
    /// <param name="specs">Parameters in channel order.</param>
    /// <param name="values">By name, each <c>[T, B, C]</c>.</param>
    /// <param name="dtype">The run's dtype (parameters are cast to it).</param>
    public DailyParameters(string name, IReadOnlyList<ParameterSpec> specs, IReadOnlyDictionary<string, Tensor> values, long T, long B, long C, ScalarType dtype)
    {
        var given = PhysicsModelSupport.CheckParameters(name, specs, values, T, B, C);        // each [T, B, C]
        constant = new Tensor?[specs.Count];
        daily = new Tensor[]?[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var p = given[i].to(dtype);
            if (p.stride(0) == 0 || T == 1) constant[i] = p[0];                                  // [B, C]
            else daily[i] = p.unbind(0);                                                         // T × [B, C]
        }
    }

    /// <summary>Parameter <paramref name="i"/> (channel order) on day <paramref name="t"/>, <c>[B, C]</c>.</summary>
    public Tensor At(int i, long t) => constant[i] ?? daily[i]![t];

    /// <summary>Whether parameter <paramref name="i"/> is the same every day of this run.</summary>
    public bool IsStatic(int i) => constant[i] is not null;

    /// <summary>All values of parameter <paramref name="i"/> (for range checks): <c>[B, C]</c> or T × <c>[B, C]</c>.</summary>
    public IEnumerable<Tensor> All(int i) => constant[i] is { } c ? [c] : daily[i]!;
}
