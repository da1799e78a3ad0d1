using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>What a physics model needs for one run over <c>T</c> days and <c>B</c> basins.</summary>
public sealed class PhysicsInput
{
    /// <summary>Raw forcings <c>[T, B, F]</c> in the order of <see cref="PhysicsDeclarations.Forcings"/>, physical units.</summary>
    public required Tensor Forcings { get; init; }

    /// <summary>
    /// Physical parameter values by name, each <c>[T, B, C]</c> (C = components). Static parameters are expanded over
    /// time (a stride-0 view), so kernels may treat every parameter as dynamic.
    /// </summary>
    public required IReadOnlyDictionary<string, Tensor> Parameters { get; init; }

    /// <summary>Routing parameter values <c>[B, R]</c> in the order of <see cref="PhysicsDeclarations.RoutingParameters"/>; null = no routing.</summary>
    public Tensor? Routing { get; init; }

    /// <summary>Static attributes the model asked for (<see cref="PhysicsDeclarations.Attributes"/>), each <c>[B]</c>.</summary>
    public IReadOnlyDictionary<string, Tensor>? Attributes { get; init; }

    /// <summary>State to start from; null = the model's initial state.</summary>
    public PhysicsState? InitialState { get; init; }

    /// <summary>
    /// Days of the whole simulation this run is a part of, when it is one day of a day-by-day run; null = this run's
    /// days. A cold routing start (no history) shortens the kernel to the simulation's length (spec §2.9), not to this
    /// run's, so that stepping matches the run in one piece.
    /// </summary>
    public long? SimulationDays { get; init; }

    /// <summary>When true only the final state is needed (spin-up): models may skip building output series.</summary>
    public bool StatesOnly { get; init; }

    /// <summary>
    /// Processes of the daily step replaced by networks, by <see cref="ProcessSpec.Name"/> (docs/coupling.md); null =
    /// the model's own equations. Only the tensor path runs them.
    /// </summary>
    public IReadOnlyDictionary<string, ProcessFunction>? Processes { get => processes; init => processes = value; }

    IReadOnlyDictionary<string, ProcessFunction>? processes;

    /// <summary>This input with <paramref name="replaced"/> as its <see cref="Processes"/>, every other value shared.</summary>
    public PhysicsInput WithProcesses(IReadOnlyDictionary<string, ProcessFunction>? replaced)
    {
        var copy = (PhysicsInput)MemberwiseClone();
        copy.processes = replaced;
        return copy;
    }
}
