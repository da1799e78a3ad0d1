namespace DeltaModel.Models.Physics;

/// <summary>
/// A process inside a physics model's daily step that a network may replace (the process-replacement coupling mode,
/// docs/coupling.md): its physical range, which keeps the physics valid whatever the network says, and what the network
/// may read at that point of the step.
/// </summary>
/// <param name="Name">Name as used in configs (<c>model.processes[i].process</c>), e.g. <c>percolation</c>.</param>
/// <param name="Lower">Lower end of the replaced quantity's range, in <paramref name="Unit"/>.</param>
/// <param name="Upper">Upper end of it.</param>
/// <param name="Unit">Unit text, e.g. <c>mm/d</c> or <c>-</c>.</param>
/// <param name="Description">What the network's value stands for and how the step uses it (the equation it replaces).</param>
/// <param name="Inputs">The names the network may read on that day (stores at that point of the step, forcings,
/// parameters), each <c>[B, C]</c>.</param>
public sealed record ProcessSpec(string Name, double Lower, double Upper, string Unit, string Description, IReadOnlyList<string> Inputs);

/// <summary>
/// A replaced process on one day: reads the inputs it asked for and returns the quantity in its physical range.
/// </summary>
/// <param name="inputs">By name, each <c>[B, C]</c> (forcings broadcast over components); holds at least the names the
/// function was configured with.</param>
/// <returns><c>[B, C]</c> within <see cref="ProcessSpec.Lower"/>…<see cref="ProcessSpec.Upper"/>.</returns>
public delegate TorchSharp.torch.Tensor ProcessFunction(Func<string, TorchSharp.torch.Tensor> inputs);
