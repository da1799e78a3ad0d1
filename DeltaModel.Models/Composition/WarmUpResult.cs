using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Composition;

/// <summary>The outcome of <see cref="WarmUpRunner.Run"/>.</summary>
/// <param name="Result">The physics result with warm-up days cropped from every series (<c>T − W</c> days); scalars
/// (BFI), final state and mass budget describe the run with gradient (all <c>T</c> days when the warm-up is not spun
/// up separately).</param>
/// <param name="WarmUpEndState">State after the no-gradient spin-up (detached), or null when there was none.</param>
/// <param name="Parameters">The parameters of the run with gradient (differentiate w.r.t. <see cref="MappedParameters.Distinct"/>).</param>
public sealed record WarmUpResult(PhysicsResult Result, PhysicsState? WarmUpEndState, MappedParameters Parameters);
