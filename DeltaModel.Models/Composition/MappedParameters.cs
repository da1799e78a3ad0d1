using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>Physical parameter values for one simulated slice, as produced by <see cref="ParameterMapper.Map"/>.</summary>
/// <param name="Physical">By name, each <c>[T', B, C]</c>: static ones as stride-0 expansions over time, dynamic ones per day.
/// This is what <see cref="Physics.PhysicsInput.Parameters"/> takes.</param>
/// <param name="Distinct">By name, the distinct values behind <paramref name="Physical"/>: <c>[B, C]</c> for a static
/// parameter, <c>[T', B, C]</c> for a dynamic one. Differentiate with respect to these to get dL/dθ.</param>
/// <param name="Routing">Routing parameters <c>[B, R]</c> in physical units, or null when the model does not route.</param>
public sealed record MappedParameters(
    IReadOnlyDictionary<string, Tensor> Physical,
    IReadOnlyDictionary<string, Tensor> Distinct,
    Tensor? Routing);
